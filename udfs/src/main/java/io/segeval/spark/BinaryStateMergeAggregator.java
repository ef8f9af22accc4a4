package io.segeval.spark;

import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * {@code seg_binary_state_merge(state)}: merges stored binary states (per image, per day, per
 * shard...) into one state, as if all their pixels had been aggregated at once. Null states are
 * ignored; states built with different options do not merge (the query fails saying so).
 */
public class BinaryStateMergeAggregator extends Aggregator<byte[], BinaryCounts, byte[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public BinaryCounts zero() {
    return new BinaryCounts(BinaryParams.DEFAULTS);
  }

  @Override
  public BinaryCounts reduce(BinaryCounts state, byte[] stored) {
    if (stored == null) {
      return state;
    }
    BinaryCounts other = BinaryStates.fromBytes(stored);
    // two empty states: keep the stored one, so that its parameters are the result's
    return state.pixels() == 0 && other.pixels() == 0 ? other : BinaryCountsAggregator.mergeStates(state, other);
  }

  @Override
  public BinaryCounts merge(BinaryCounts a, BinaryCounts b) {
    return BinaryCountsAggregator.mergeStates(a, b);
  }

  @Override
  public byte[] finish(BinaryCounts state) {
    return BinaryStates.toBytes(state);
  }

  @Override
  public Encoder<BinaryCounts> bufferEncoder() {
    return Encoders.javaSerialization(BinaryCounts.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
