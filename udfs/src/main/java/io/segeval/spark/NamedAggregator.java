package io.segeval.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * An aggregate under the SQL function's name: {@code aggregator}'s work, its refusals naming the
 * function ({@link FunctionRefusals}). One delegating call per row, and a row is an image.
 */
final class NamedAggregator<IN, BUF, OUT> extends Aggregator<IN, BUF, OUT> {
  private static final long serialVersionUID = 1L;

  private final String function;
  private final Aggregator<IN, BUF, OUT> aggregator;

  NamedAggregator(String function, Aggregator<IN, BUF, OUT> aggregator) {
    this.function = function;
    this.aggregator = aggregator;
  }

  @Override
  public BUF zero() {
    return aggregator.zero();
  }

  @Override
  public BUF reduce(BUF buffer, IN row) {
    try {
      return aggregator.reduce(buffer, row);
    } catch (RuntimeException e) {
      throw FunctionRefusals.in(function, e);
    }
  }

  @Override
  public BUF merge(BUF a, BUF b) {
    try {
      return aggregator.merge(a, b);
    } catch (RuntimeException e) {
      throw FunctionRefusals.in(function, e);
    }
  }

  @Override
  public OUT finish(BUF buffer) {
    try {
      return aggregator.finish(buffer);
    } catch (RuntimeException e) {
      throw FunctionRefusals.in(function, e);
    }
  }

  @Override
  public Encoder<BUF> bufferEncoder() {
    return aggregator.bufferEncoder();
  }

  @Override
  public Encoder<OUT> outputEncoder() {
    return aggregator.outputEncoder();
  }
}
