package io.segeval.jobs.multiclass;

import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.jobs.group.GroupStateAggregator;

/**
 * Merges the partition states of the map stage ({@link MulticlassImageEvaluator}: one state row
 * per partition and {@code --group-by} group) into each group's {@link MulticlassEvaluation} (the
 * dataset's without grouping). Image rows and rejected rows carry no state and leave it unchanged:
 * the images were already added to their partition's state by the fused pass. Buffers are O(C²),
 * whatever the number of images.
 */
final class MulticlassEvaluationAggregator
    extends GroupStateAggregator<MulticlassImageRow, MulticlassEvaluation> {
  private static final long serialVersionUID = 1L;

  private final MulticlassParams params;

  MulticlassEvaluationAggregator(MulticlassParams params) {
    super(MulticlassEvaluation.class);
    this.params = params;
  }

  @Override
  public MulticlassEvaluation zero() {
    return new MulticlassEvaluation(params);
  }

  @Override
  public MulticlassEvaluation reduce(MulticlassEvaluation state, MulticlassImageRow row) {
    byte[] partition = row.getPartitionState();
    return partition == null ? state : state.merge(MulticlassEvaluation.fromBytes(partition));
  }

  @Override
  public MulticlassEvaluation merge(MulticlassEvaluation a, MulticlassEvaluation b) {
    return a.merge(b);
  }
}
