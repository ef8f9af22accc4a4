package io.segeval.spark;

import io.segeval.core.multiclass.MulticlassCounts;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * {@code seg_multiclass_state_merge(state)}: merges stored multiclass states into one, as if all
 * their pixels had been aggregated at once. Null states are ignored (over no images: null); states of
 * different C or options do not merge (the query fails saying so).
 */
public class MulticlassStateMergeAggregator extends Aggregator<byte[], MulticlassCounts, byte[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public MulticlassCounts zero() {
    return new MulticlassCounts(MulticlassCountsAggregator.UNBOUND);
  }

  @Override
  public MulticlassCounts reduce(MulticlassCounts state, byte[] stored) {
    if (stored == null) {
      return state;
    }
    MulticlassCounts other = MulticlassStates.fromBytes(stored);
    // the first stored state replaces the placeholder, parameters included
    return state.images() == 0 ? other : MulticlassCountsAggregator.mergeStates(state, other);
  }

  @Override
  public MulticlassCounts merge(MulticlassCounts a, MulticlassCounts b) {
    return MulticlassCountsAggregator.mergeStates(a, b);
  }

  @Override
  public byte[] finish(MulticlassCounts state) {
    return state.images() == 0 ? null : MulticlassStates.toBytes(state);
  }

  @Override
  public Encoder<MulticlassCounts> bufferEncoder() {
    return Encoders.javaSerialization(MulticlassCounts.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
