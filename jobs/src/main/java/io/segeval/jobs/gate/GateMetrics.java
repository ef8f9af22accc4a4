package io.segeval.jobs.gate;

import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.PerClassMetric;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.output.ResultSections;
import io.segeval.jobs.output.Summary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a gate can name beside the counts ({@link GatedCount}): a key of {@code summary.json}'s
 * {@code dataset}, a per-image mean ({@code per_image_mean.dice}) or, for multiclass, one class's
 * value ({@code per_class.iou.person}).
 */
final class GateMetrics {
  /** The prefix of a gate on a per-image mean: {@code per_image_mean.dice}. */
  static final String PER_IMAGE_MEAN = Summary.PER_IMAGE_MEAN_PREFIX;
  /** The prefix of a gate on one class (multiclass): {@code per_class.iou.person}. */
  static final String PER_CLASS = ResultSections.PER_CLASS + ".";

  private GateMetrics() {}

  /** The metrics of the task a gate can name (per class aside), each with whether it is a loss (lower is better). */
  static Map<String, Boolean> of(EvalConfig.Task task) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    if (task == EvalConfig.Task.MULTICLASS) {
      for (MulticlassMetric metric : MulticlassMetric.values()) {
        m.put(metric.key(), metric.isLoss());
      }
      m.put(PER_IMAGE_MEAN + MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key(), MulticlassMetric.LOVASZ_SOFTMAX_LOSS.isLoss());
    } else {
      for (BinaryMetric metric : BinaryMetric.values()) {
        m.put(metric.key(), metric.isLoss());
      }
      for (BinaryEvaluation.PerImageMean mean : BinaryEvaluation.PerImageMean.values()) {
        m.put(PER_IMAGE_MEAN + mean.key(), mean.isLoss());
      }
    }
    return m;
  }

  /** The keys of {@link PerClassMetric}: iou, dice, acc, precision. */
  static List<String> perClassKeys() {
    return Arrays.stream(PerClassMetric.values()).map(PerClassMetric::key).toList();
  }
}
