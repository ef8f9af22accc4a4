package io.segeval.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * {@code seg_binary_state(pred, target[, options])}: the rows' {@link BinaryState} as a stored
 * blob ({@link BinaryStates}), to keep in a table and merge later with
 * {@code seg_binary_state_merge}. Over no rows: an empty state (0 pixels).
 */
public class BinaryStateAggregator<IN extends BinaryPixels> extends BinaryCountsAggregator<IN, byte[]> {
  private static final long serialVersionUID = 1L;

  /** @param options the options, or null to read them from each row's option column */
  public BinaryStateAggregator(BinaryOptions options) {
    super(options);
  }

  @Override
  public byte[] finish(BinaryState state) {
    return BinaryStates.toBytes(state);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }
}
