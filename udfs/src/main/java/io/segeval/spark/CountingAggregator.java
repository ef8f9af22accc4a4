package io.segeval.spark;

import io.segeval.core.RefusedArgumentException;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Option;
import scala.collection.immutable.Seq;

/**
 * A SegEval aggregate as Spark's ScalaAggregator, but refusing {@code DISTINCT}: Spark resolves
 * {@code f(DISTINCT a, b)} by asking the aggregate the builder made for its aggregate expression
 * ({@link #toAggregateExpression(boolean, Option)}), and would otherwise count identical rows
 * (two images with the same arrays, two days with the same state) once, leaving images out of the
 * metrics without a word. Only that call sees the subclass; Spark's copies of the node are plain
 * ScalaAggregators, which is all they need to be. The constructor is ScalaAggregator's (Spark's
 * reflective copy of a node looks for it).
 */
public final class CountingAggregator<IN, BUF, OUT> extends ScalaAggregator<IN, BUF, OUT> {
  private static final long serialVersionUID = 1L;

  public CountingAggregator(Seq<Expression> children, Aggregator<IN, BUF, OUT> agg, ExpressionEncoder<IN> inputEncoder,
      ExpressionEncoder<BUF> bufferEncoder, boolean nullable, boolean isDeterministic, int mutableAggBufferOffset,
      int inputAggBufferOffset, Option<String> aggregatorName) {
    super(children, agg, inputEncoder, bufferEncoder, nullable, isDeterministic, mutableAggBufferOffset,
        inputAggBufferOffset, aggregatorName);
  }

  /** {@code a}, refusing DISTINCT. */
  static <IN, BUF, OUT> CountingAggregator<IN, BUF, OUT> of(ScalaAggregator<IN, BUF, OUT> a) {
    return new CountingAggregator<>(a.children(), a.agg(), a.inputEncoder(), a.bufferEncoder(), a.nullable(),
        a.isDeterministic(), a.mutableAggBufferOffset(), a.inputAggBufferOffset(), a.aggregatorName());
  }

  /**
   * ScalaAggregator's own, restated raw: javac reads its {@code Seq<DataType>} as no
   * implementation of ExpectsInputTypes' {@code Seq<AbstractDataType>} (Scala's Seq is covariant).
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Seq inputTypes() {
    return super.inputTypes();
  }

  @Override
  public AggregateExpression toAggregateExpression(boolean isDistinct, Option<Expression> filter) {
    if (isDistinct) {
      String name = aggregatorName().getOrElse(() -> "a SegEval aggregate");
      throw new RefusedArgumentException(name + "(DISTINCT ...) is refused: DISTINCT would count identical rows once"
          + " (two images with the same arrays, a state stored twice), leaving images out of the metrics; to count"
          + " each image once, drop the repeated rows first (e.g. keep one row per image_id), then aggregate without"
          + " DISTINCT");
    }
    return super.toAggregateExpression(false, filter);
  }
}
