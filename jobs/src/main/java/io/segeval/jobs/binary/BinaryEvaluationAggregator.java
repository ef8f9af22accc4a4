package io.segeval.jobs.binary;

import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryParams;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Merges the per-image rows of the map stage into one {@link BinaryEvaluation} per {@code --group-by}
 * group ({@code Groups.aggregate}; one for the dataset without grouping): each partition builds a
 * partial state, Spark merges the partials, and the driver gets each group's state. Rejected rows
 * carry no pixels and are not counted here (they are reported separately).
 */
public final class BinaryEvaluationAggregator extends Aggregator<BinaryImageRow, BinaryEvaluation, BinaryEvaluation> {
  private static final long serialVersionUID = 1L;

  private final BinaryParams params;

  public BinaryEvaluationAggregator(BinaryParams params) {
    this.params = params;
  }

  @Override
  public BinaryEvaluation zero() {
    return new BinaryEvaluation(params);
  }

  @Override
  public BinaryEvaluation reduce(BinaryEvaluation state, BinaryImageRow row) {
    return row.getRejectReason() != null ? state : state.add(row.counts(params), row.scores());
  }

  @Override
  public BinaryEvaluation merge(BinaryEvaluation a, BinaryEvaluation b) {
    return a.merge(b);
  }

  @Override
  public BinaryEvaluation finish(BinaryEvaluation state) {
    return state;
  }

  @Override
  public Encoder<BinaryEvaluation> bufferEncoder() {
    return Encoders.javaSerialization(BinaryEvaluation.class);
  }

  @Override
  public Encoder<BinaryEvaluation> outputEncoder() {
    return Encoders.javaSerialization(BinaryEvaluation.class);
  }
}
