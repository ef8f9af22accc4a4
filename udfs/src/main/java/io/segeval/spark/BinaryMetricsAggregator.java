package io.segeval.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * {@code seg_binary_metrics(pred, target)} and {@code seg_binary_metrics_with(pred, target,
 * options)}: the rows' {@link BinaryState} ({@link BinaryCountsAggregator}) finished into the
 * struct of dataset-wide metrics ({@link BinaryResultRows#METRICS}).
 */
public class BinaryMetricsAggregator<IN extends BinaryPixels> extends BinaryCountsAggregator<IN, Row> {
  private static final long serialVersionUID = 1L;

  /** @param options the options, or null to read them from each row's option column */
  public BinaryMetricsAggregator(BinaryOptions options) {
    super(options);
  }

  @Override
  public Row finish(BinaryState state) {
    return BinaryResultRows.metrics(state);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(BinaryResultRows.METRICS);
  }
}
