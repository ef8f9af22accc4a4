package io.segeval.jobs.binary;

import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryParams;
import io.segeval.jobs.group.GroupStateAggregator;

/**
 * Merges the per-image rows of the map stage into one {@link BinaryEvaluation} per {@code --group-by}
 * group ({@code Groups.aggregate}; one for the dataset without grouping): each partition builds a
 * partial state, Spark merges the partials, and the driver gets each group's state. Rejected rows
 * carry no pixels and are not counted here (they are reported separately).
 */
public final class BinaryEvaluationAggregator extends GroupStateAggregator<BinaryImageRow, BinaryEvaluation> {
  private static final long serialVersionUID = 1L;

  private final BinaryParams params;

  public BinaryEvaluationAggregator(BinaryParams params) {
    super(BinaryEvaluation.class);
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
}
