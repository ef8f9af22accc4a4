package io.segeval.spark;

import io.segeval.core.multiclass.MulticlassCounts;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * {@code seg_multiclass_metrics(pred, target, num_classes[, options])}: the rows'
 * {@link MulticlassCounts} ({@link MulticlassCountsAggregator}; without options
 * {@link MulticlassOptions#DEFAULTS}) finished into the struct of {@link MulticlassResultRows#METRICS}.
 */
public class MulticlassMetricsAggregator<IN extends MulticlassPixels> extends MulticlassCountsAggregator<IN, Row> {
  private static final long serialVersionUID = 1L;

  @Override
  public Row finish(MulticlassCounts state) {
    return MulticlassResultRows.metrics(state);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(MulticlassResultRows.METRICS);
  }
}
