package io.segeval.spark;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.ArrayTransform;
import org.apache.spark.sql.catalyst.expressions.BitwiseAnd;
import org.apache.spark.sql.catalyst.expressions.Cast$;
import org.apache.spark.sql.catalyst.expressions.Coalesce;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.Literal$;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.expressions.NamedLambdaVariable;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Numeric array inputs (the SQL functions' arguments, the job's array columns) as arrays of
 * non-null doubles, by one rule: {@code transform(a, x -> coalesce(cast(x AS DOUBLE), NaN))}, so a
 * null element becomes NaN and fails its row as non-finite, never silently; byte arrays
 * ({@code array<tinyint>}) are read unsigned, 0–255, as 8-bit masks are ({@code x & 255}).
 *
 * <p>Arrays read from Parquet (and most tables) may hold null elements by their type, and Spark
 * does not cast such an array to the {@code array<double>} (non-null elements) that the
 * aggregates' inputs are: {@link #of(Expression)} rewrites such an argument.
 */
public final class NonNullArrays {
  private NonNullArrays() {}

  /** A SQL function's argument, rewritten when it is a numeric array that may hold nulls or bytes. */
  static Expression of(Expression e) {
    if (!(e.resolved() && e.dataType() instanceof ArrayType a && a.elementType() instanceof NumericType)) {
      return e;
    }
    if (!a.containsNull() && !(a.elementType() instanceof ByteType)) {
      return e;
    }
    return asDoubles(e, a.elementType());
  }

  /** A column of numeric array type {@code type} as non-null doubles (for the Dataset API). */
  public static Column asDoubles(Column array, ArrayType type) {
    return ExpressionUtils.column(asDoubles(ExpressionUtils.expression(array), type.elementType()));
  }

  private static Expression asDoubles(Expression array, DataType elementType) {
    NamedLambdaVariable x = new NamedLambdaVariable("x", elementType, true, NamedExpression$.MODULE$.newExprId(),
        new AtomicReference<>());
    // bytes are unsigned (0–255): x & 255
    Expression value = elementType instanceof ByteType
        ? new BitwiseAnd(Cast$.MODULE$.apply(x, DataTypes.IntegerType, false), Literal$.MODULE$.apply(255))
        : x;
    Expression body = new Coalesce(CollectionConverters.asScala(List.<Expression>of(
        Cast$.MODULE$.apply(value, DataTypes.DoubleType, false), Literal$.MODULE$.apply(Double.NaN))).toList());
    return new ArrayTransform(array, new LambdaFunction(body,
        CollectionConverters.asScala(List.<NamedExpression>of(x)).toList(), false));
  }
}
