package io.segeval.jobs.gate;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.gate.QualityGates.Gate;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses, before the run, a gate on a metric that this run will not compute: it could only miss,
 * after the whole run. The message names the gate and what to add. A metric that is null from the
 * data (an empty set still gives null) is no concern of this: it misses its gate ({@link GateChecker}).
 */
final class ComputableGates {
  /** What a run must compute for a metric to have a value at all. */
  enum Need {
    NOTHING,
    /** logits or probabilities: hard labels carry none */
    SCORES,
    /** scores, and the dataset-wide Lovász (--lovasz global or both) */
    DATASET_LOVASZ,
    /** scores, and the per-image Lovász (--lovasz per-image or both) */
    PER_IMAGE_LOVASZ
  }

  private ComputableGates() {}

  /**
   * Refuses the first of {@code gates} this run does not compute.
   *
   * @param input the predictions' kind, or null while it is not known (decided from the files)
   */
  static void require(List<Gate> gates, EvalConfig.Task task, EvalConfig.LovaszMode lovasz, InputKind input) {
    for (Gate gate : gates) {
      Need need = need(task, gate.metric());
      if (need != Need.NOTHING && input == InputKind.LABELS) {
        throw new UsageException(gate.named() + ": not computable from label predictions (they carry no"
            + " scores); drop the gate, or evaluate scores (--input logits or probabilities)");
      }
      if (need == Need.DATASET_LOVASZ && !lovasz.global()) {
        throw new UsageException(gate.named() + ": the dataset-wide Lovász loss is not computed with --lovasz "
            + lovasz.key() + "; add --lovasz both (or global)");
      }
      if (need == Need.PER_IMAGE_LOVASZ && !lovasz.perImage()) {
        throw new UsageException(gate.named() + ": the per-image Lovász loss is not computed with --lovasz "
            + lovasz.key() + "; add --lovasz both (or per-image)");
      }
    }
  }

  /** What a gate's metric needs (a metric of {@link GateMetrics#of}, a per-class metric or a count). */
  static Need need(EvalConfig.Task task, String metric) {
    if (metric.startsWith(GateMetrics.PER_CLASS)) {
      return Need.NOTHING; // from the confusion matrix, which labels give too
    }
    if (GatedCount.named(metric) != null) {
      return Need.NOTHING; // counted by every run
    }
    if (task == EvalConfig.Task.MULTICLASS) {
      return need(metric, MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key(),
          Arrays.stream(MulticlassMetric.values()).anyMatch(m -> m.key().equals(metric) && m.needsScores()));
    }
    return need(metric, BinaryMetric.LOVASZ_HINGE_LOSS.key(),
        Arrays.stream(BinaryMetric.values()).anyMatch(m -> m.key().equals(metric) && !m.computableFrom(InputKind.LABELS)));
  }

  /** {@code lovasz}: the task's Lovász key, whose per-image mean and dataset value need their own stages. */
  private static Need need(String metric, String lovasz, boolean needsScores) {
    if (metric.equals(GateMetrics.PER_IMAGE_MEAN + lovasz)) {
      return Need.PER_IMAGE_LOVASZ;
    }
    if (metric.equals(lovasz)) {
      return Need.DATASET_LOVASZ;
    }
    return needsScores ? Need.SCORES : Need.NOTHING;
  }
}
