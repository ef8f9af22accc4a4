package io.segeval.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * {@code seg_binary_state_merge(state)}: merges stored binary states (per image, per day, per
 * shard...) into one state, as if all their pixels had been aggregated at once. Null states are
 * ignored; states built with different options (parameters, or labels and scores) do not merge
 * (the query fails saying so).
 */
public class BinaryStateMergeAggregator extends Aggregator<byte[], BinaryState, byte[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public BinaryState zero() {
    return BinaryState.empty(BinaryOptions.DEFAULTS);
  }

  @Override
  public BinaryState reduce(BinaryState state, byte[] stored) {
    if (stored == null) {
      return state;
    }
    // of two empty states, plus keeps the stored one's parameters rather than the zero's defaults
    return state.plus(BinaryStates.fromBytes(stored));
  }

  @Override
  public BinaryState merge(BinaryState a, BinaryState b) {
    return a.plus(b);
  }

  @Override
  public byte[] finish(BinaryState state) {
    return BinaryStates.toBytes(state);
  }

  @Override
  public Encoder<BinaryState> bufferEncoder() {
    return Encoders.javaSerialization(BinaryState.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
