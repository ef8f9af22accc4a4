package io.segeval.spark;

import io.segeval.core.multiclass.MulticlassCounts;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * {@code seg_multiclass_state(pred, target, num_classes[, options])}: the rows'
 * {@link MulticlassCounts} as a stored blob ({@link MulticlassStates}), to merge later with
 * {@code seg_multiclass_state_merge}. Over no rows: null (C is unknown).
 */
public class MulticlassStateAggregator<IN extends MulticlassPixels> extends MulticlassCountsAggregator<IN, byte[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[] finish(MulticlassCounts state) {
    return state.images() == 0 ? null : MulticlassStates.toBytes(state);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
