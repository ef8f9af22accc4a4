package io.segeval.spark;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The array arguments of the SQL functions as arrays of non-null doubles. Arrays read from Parquet
 * (and most tables) may hold null elements by their type, and Spark does not cast such an array to
 * the {@code array<double>} (non-null elements) that the aggregates' inputs are. So an array
 * argument whose elements may be null becomes {@code transform(a, x -> coalesce(cast(x AS DOUBLE),
 * NaN))}: the same values, and a null element fails its row as non-finite, never silently.
 * Byte arrays ({@code array<tinyint>}) are read unsigned, 0–255, as the job reads them.
 */
final class NonNullArrays {
  private NonNullArrays() {}

  static Expression of(Expression e) {
    if (!(e.resolved() && e.dataType() instanceof ArrayType a && a.elementType() instanceof NumericType)) {
      return e;
    }
    boolean bytes = a.elementType() instanceof ByteType;
    if (!a.containsNull() && !bytes) {
      return e;
    }
    NamedLambdaVariable x = new NamedLambdaVariable("x", a.elementType(), true, NamedExpression$.MODULE$.newExprId(),
        new AtomicReference<>());
    // bytes are unsigned (0–255), as 8-bit masks are and as the job reads them: x & 255
    Expression value = bytes
        ? new BitwiseAnd(Cast$.MODULE$.apply(x, DataTypes.IntegerType, false), Literal$.MODULE$.apply(255))
        : x;
    Expression body = new Coalesce(CollectionConverters.asScala(List.<Expression>of(
        Cast$.MODULE$.apply(value, DataTypes.DoubleType, false), Literal$.MODULE$.apply(Double.NaN))).toList());
    return new ArrayTransform(e, new LambdaFunction(body,
        CollectionConverters.asScala(List.<NamedExpression>of(x)).toList(), false));
  }
}
