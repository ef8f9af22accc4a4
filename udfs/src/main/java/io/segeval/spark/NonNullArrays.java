package io.segeval.spark;

import io.segeval.codec.BadRecordException.Side;
import io.segeval.core.NullValues;
import io.segeval.core.RefusedArgumentException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.api.java.UDF4;
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
import org.apache.spark.sql.catalyst.expressions.Size;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The image arguments of the SQL functions ({@code pred}, {@code target}) as arrays of non-null
 * doubles. Arrays read from Parquet (and most tables) may hold null elements by their type, and
 * Spark does not cast such an array to the {@code array<double>} (non-null elements) that the
 * aggregates' inputs are. So an array argument of bytes, shorts, ints, longs, floats or doubles is
 * copied into doubles in one loop in its own type ({@link BulkDoubles}: no per-element lambda, no
 * boxing), and only an array that holds a null element (or is null) goes on to
 * {@code transform(a, (x, i) -> coalesce(cast(x AS DOUBLE), refuse(i, ...)))}: the same values,
 * and a null element fails the query with its position ({@link NullValues}: {@code null
 * prediction value at (row 0, col 1)}, a multiclass score at {@code (channel k, row 0, col j)}),
 * as the aggregates place the other bad values. The refusal runs only for a null element, and
 * not for a row whose other array is null: {@link #requireImages} refuses that row as a whole.
 * Decimal arrays keep the element-wise conversion. The conversion is shown as the argument itself
 * ({@link Shown}), so a column is named {@code seg_binary_metrics(pred, target)}.
 * Byte arrays ({@code array<tinyint>}) are read unsigned, 0–255, as the job reads them.
 */
final class NonNullArrays {
  private NonNullArrays() {}

  /**
   * {@code pred} and {@code target} converted; {@code channelMajorPred}: the prediction is C·n
   * scores of n = size(target) pixels, channel-major (multiclass), else n values like the target.
   */
  static List<Expression> ofImages(String function, Expression pred, Expression target, boolean channelMajorPred) {
    Expression predPixels = channelMajorPred ? size(target) : size(pred);
    return List.of(of(function, pred, Side.PREDICTION, predPixels, size(target)),
        of(function, target, Side.TARGET, size(target), size(pred)));
  }

  /**
   * @param pixels the pixels per channel of this array (its size, or the target's)
   * @param other the other array's size: null when that array is null (the aggregate refuses the row)
   */
  private static Expression of(String function, Expression e, Side side, Expression pixels, Expression other) {
    if (!(e.resolved() && e.dataType() instanceof ArrayType a && a.elementType() instanceof NumericType)) {
      return e;
    }
    BulkDoubles.Element element = BulkDoubles.Element.of(a);
    if (element == BulkDoubles.Element.DOUBLE && !a.containsNull()) {
      return e; // already the aggregates' input
    }
    if (element == null) { // decimals: element by element, or Spark's cast when none can be null
      return a.containsNull() ? Shown.argument(elementWise(function, e, a, side, pixels, other), e) : e;
    }
    // copied in bulk; element by element only for a null array or one holding a null (which that refuses)
    Expression bulk = new BulkDoubles(e, element);
    return Shown.argument(!a.containsNull() ? bulk : new Coalesce(CollectionConverters.asScala(
        List.<Expression>of(bulk, elementWise(function, e, a, side, pixels, other))).toList()), e);
  }

  /** {@code transform(a, (x, i) -> coalesce(cast(x AS DOUBLE), refuse(i, ...)))}. */
  private static Expression elementWise(String function, Expression e, ArrayType a, Side side, Expression pixels,
      Expression other) {
    boolean bytes = a.elementType() instanceof ByteType;
    NamedLambdaVariable x = variable("x", a.elementType(), true);
    NamedLambdaVariable i = variable("i", DataTypes.IntegerType, false);
    // bytes are unsigned (0–255), as 8-bit masks are and as the job reads them: x & 255
    Expression value = bytes
        ? new BitwiseAnd(Cast$.MODULE$.apply(x, DataTypes.IntegerType, false), Literal$.MODULE$.apply(255))
        : x;
    Expression refusal = UserDefinedFunctionUtils.toScalaUDF(
        (SparkUserDefinedFunction) functions.udf(new NullElementRefusal(function, side), DataTypes.DoubleType)
            .asNonNullable().withName("seg_null_element"),
        CollectionConverters.asScala(List.of(i, size(e), pixels, other)).toList());
    Expression body = new Coalesce(CollectionConverters.asScala(List.<Expression>of(
        Cast$.MODULE$.apply(value, DataTypes.DoubleType, false), refusal)).toList());
    return new ArrayTransform(e, new LambdaFunction(body,
        CollectionConverters.asScala(List.<NamedExpression>of(x, i)).toList(), false));
  }

  /**
   * Refuses a row whose {@code pred} or {@code target} is null: an image without a prediction or a
   * mask (an outer join's miss, say) is never left out of a dataset's metrics silently, as
   * {@code sum} would leave out a null. A query that means to leave such rows out says so with
   * {@code WHERE pred IS NOT NULL AND target IS NOT NULL}. An empty array is refused too, as
   * {@code segeval evaluate} refuses an image of height or width 0: almost always a broken export,
   * which as an image of 0 pixels would score 1 per image ({@code WHERE size(target) > 0} leaves
   * such rows out).
   */
  static void requireImages(double[] pred, double[] target) {
    if (pred == null || target == null) {
      throw new RefusedArgumentException("a row's " + subject(pred == null, target == null) + " null (an image without "
          + (pred == null ? "a prediction" : "a mask") + "?): SegEval leaves no image out silently; to leave such"
          + " rows out, say so with WHERE pred IS NOT NULL AND target IS NOT NULL" + (pred == null && target == null
          ? PIVOT : ""));
    }
    if (pred.length == 0 || target.length == 0) {
      throw new RefusedArgumentException("a row's " + subject(pred.length == 0, target.length == 0)
          + " empty (an image with no pixels, a broken export?): refused, as segeval evaluate refuses it; to leave"
          + " such rows out, say so with WHERE size(pred) > 0 AND size(target) > 0");
    }
  }

  /**
   * Spark's PIVOT gives an aggregate, on every row of the other pivot values, null arguments (it
   * assumes aggregates skip nulls, as sum does): a row whose pred and target are both null may be
   * that, not a missing image.
   */
  static final String PIVOT = "; in a PIVOT, which gives an aggregate null arguments for the rows of the other pivot"
      + " values, aggregate one pivot value each with FILTER (WHERE column = value) instead, or pivot the results of"
      + " a GROUP BY";

  /**
   * An aggregate cannot name the table's row it refuses (it sees arrays, not ids): the query that
   * finds it, e.g. {@code " (find the row with WHERE size(pred) != size(target))"}.
   */
  static String findRowWhere(String condition) {
    return " (find the row with WHERE " + condition + ")";
  }

  /** "1 value", "3 values": a count of a noun whose plural takes an s. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** "pred and target are", "pred is" or "target is": which arguments of a row are refused. */
  private static String subject(boolean pred, boolean target) {
    return pred && target ? "pred and target are" : pred ? "pred is" : "target is";
  }

  private static NamedLambdaVariable variable(String name, DataType type, boolean nullable) {
    return new NamedLambdaVariable(name, type, nullable, NamedExpression$.MODULE$.newExprId(), new AtomicReference<>());
  }

  /** size(a), null for a null array whatever the session's legacy setting. */
  private static Expression size(Expression array) {
    return new Size(array, false);
  }

  /**
   * Called for a null element only: (index, size of its array, pixels per channel, size of the
   * other array) → the refusal, or NaN for a row the aggregate ignores anyway.
   */
  static final class NullElementRefusal implements UDF4<Integer, Integer, Integer, Integer, Double> {
    private static final long serialVersionUID = 1L;
    private final String function;
    private final Side side;

    NullElementRefusal(String function, Side side) {
      this.function = function;
      this.side = side;
    }

    @Override
    public Double call(Integer index, Integer size, Integer pixels, Integer other) {
      if (other == null) {
        return Double.NaN; // the other array is null: the aggregate refuses the row as a whole
      }
      // the aggregates see one image row of n pixels: (1, n), or (C, 1, n) scores
      boolean channels = pixels > 0 && size > pixels && size % pixels == 0;
      int[] shape = channels ? new int[] {size / pixels, 1, pixels} : new int[] {1, Math.max(1, size)};
      throw FunctionRefusals.in(function, NullValues.at(side, index, shape));
    }
  }
}
