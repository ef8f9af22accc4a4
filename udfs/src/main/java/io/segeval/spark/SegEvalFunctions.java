package io.segeval.spark;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;

/**
 * The one registry of SegEval's SQL functions (DataSketches style: every function, its name and
 * its Aggregator listed here). {@link #register} makes them callable from {@code spark.sql}.
 *
 * <table>
 *   <caption>Functions</caption>
 *   <tr><td>{@code seg_binary_metrics(pred, target)}</td><td>aggregate: struct of dataset-wide
 *   binary metrics from flattened logit and target arrays, default parameters</td></tr>
 *   <tr><td>{@code seg_binary_metrics_with(pred, target, options)}</td><td>the same with an option
 *   string, e.g. {@code 'input=probabilities,tversky_alpha=0.3'}</td></tr>
 *   <tr><td>{@code seg_multiclass_metrics(pred, target, num_classes)}</td><td>aggregate: struct of
 *   dataset-wide multiclass metrics, per-class arrays and the confusion matrix from flattened
 *   logits (C·H·W, channel-major) and targets (H·W, 255 ignored)</td></tr>
 * </table>
 */
public final class SegEvalFunctions {
  private SegEvalFunctions() {}

  public static final String BINARY_METRICS = "seg_binary_metrics";
  public static final String BINARY_METRICS_WITH = "seg_binary_metrics_with";
  public static final String MULTICLASS_METRICS = "seg_multiclass_metrics";

  public static UserDefinedFunction binaryMetrics() {
    return functions.udaf(
        new BinaryMetricsAggregator<BinaryPixels>(BinaryOptions.DEFAULTS), Encoders.bean(BinaryPixels.class));
  }

  public static UserDefinedFunction binaryMetricsWith() {
    return functions.udaf(BinaryMetricsAggregator.withOptionColumn(), Encoders.bean(BinaryPixelsWithOptions.class));
  }

  public static UserDefinedFunction multiclassMetrics() {
    return functions.udaf(new MulticlassMetricsAggregator(), Encoders.bean(MulticlassPixels.class));
  }

  /** Registers every SegEval function in the session's function registry. */
  public static void register(SparkSession spark) {
    spark.udf().register(BINARY_METRICS, binaryMetrics());
    spark.udf().register(BINARY_METRICS_WITH, binaryMetricsWith());
    spark.udf().register(MULTICLASS_METRICS, multiclassMetrics());
  }
}
