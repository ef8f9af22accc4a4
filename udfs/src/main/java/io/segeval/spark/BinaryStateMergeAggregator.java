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
    BinaryState other = BinaryStates.fromBytes(stored);
    // two empty states: keep the stored one, so that its parameters are the result's
    return state.pixels() == 0 && other.pixels() == 0 ? other : state.plus(other);
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
