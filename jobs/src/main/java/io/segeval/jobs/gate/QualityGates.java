package io.segeval.jobs.gate;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.ResultSections;
import io.segeval.jobs.output.Summary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --fail-under metric=value[,...]} and {@code --fail-over metric=value[,...]}: minimums of
 * scores and maximums of losses, checked after the results are written (exit status 3 when one is
 * missed). Metric keys are those of {@code summary.json}'s {@code dataset} ({@link BinaryMetric},
 * {@link MulticlassMetric}) or {@code per_image_mean.<key>}. With {@code --group-by} every group
 * must pass; without, the whole dataset. A gate on a metric the run will not compute (the
 * dataset-wide Lovász without {@code --lovasz global|both}, the per-image one without
 * {@code per-image|both}, a loss of scores from label predictions) is refused before the run
 * ({@link #requireComputable}); a metric that is null from the data (e.g. precision with nothing
 * predicted) misses its gate.
 */
public record QualityGates(List<Gate> gates) implements Serializable {
  public static final QualityGates NONE = new QualityGates(List.of());

  /** The prefix of a gate on a per-image mean: {@code per_image_mean.dice}. */
  private static final String PER_IMAGE_MEAN = Summary.PER_IMAGE_MEAN_PREFIX;

  /** Fail when the value is under the minimum ({@link #UNDER}) or over the maximum ({@link #OVER}). */
  public enum Direction {
    UNDER("--fail-under", "under the minimum"),
    OVER("--fail-over", "over the maximum");

    private final String option;
    private final String words;

    Direction(String option, String words) {
      this.option = option;
      this.words = words;
    }

    boolean misses(double value, double limit) {
      return this == UNDER ? value < limit : value > limit;
    }
  }

  /** One gate: e.g. {@code dice} must not be UNDER 0.85. */
  public record Gate(String metric, Direction direction, double limit) implements Serializable {
    /** "--fail-over lovasz_hinge_loss", for messages. */
    String named() {
      return direction.option + " " + metric;
    }
  }

  /** What a run must compute for a metric to have a value at all (data aside: an empty set still gives null). */
  enum Need {
    NOTHING,
    /** logits or probabilities: hard labels carry none */
    SCORES,
    /** scores, and the dataset-wide Lovász (--lovasz global or both) */
    DATASET_LOVASZ,
    /** scores, and the per-image Lovász (--lovasz per-image or both) */
    PER_IMAGE_LOVASZ
  }

  public QualityGates {
    gates = List.copyOf(gates);
  }

  /** The gated metrics, each once, in the order given. */
  public List<String> metrics() {
    return gates.stream().map(Gate::metric).distinct().toList();
  }

  public boolean isEmpty() {
    return gates.isEmpty();
  }

  /**
   * Parses the two options for a task. Unknown metrics, a minimum on a
   * loss or a maximum on a score are errors naming the option.
   */
  public static QualityGates parse(String failUnder, String failOver, EvalConfig.Task task) {
    List<Gate> gates = new ArrayList<>();
    parseInto(gates, failUnder, Direction.UNDER, task);
    parseInto(gates, failOver, Direction.OVER, task);
    return new QualityGates(gates);
  }

  private static void parseInto(List<Gate> gates, String value, Direction direction, EvalConfig.Task task) {
    if (value == null || value.isBlank()) {
      return;
    }
    Map<String, Boolean> known = metrics(task);
    for (String part : value.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new UsageException(direction.option + ": expected metric=value, got '" + part.trim() + "'");
      }
      String metric = kv[0].trim().toLowerCase(Locale.ROOT);
      Boolean loss = known.get(metric);
      if (loss == null) {
        throw new UsageException(direction.option + ": unknown " + task.key() + " metric '" + metric
            + "' (one of " + String.join(", ", known.keySet()) + ")");
      }
      if (loss && direction == Direction.UNDER) {
        throw new UsageException("--fail-under: " + metric + " is a loss (lower is better); use --fail-over "
            + metric + "=MAX");
      }
      if (!loss && direction == Direction.OVER && !BinaryMetric.isCountKey(metric)) {
        throw new UsageException("--fail-over: " + metric + " is a score (higher is better); use --fail-under "
            + metric + "=MIN");
      }
      double limit;
      try {
        limit = Double.parseDouble(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new UsageException(direction.option + ": " + metric + " must be a number, got '" + kv[1].trim() + "'");
      }
      if (!Double.isFinite(limit)) {
        throw new UsageException(direction.option + ": " + metric + " must be finite, got " + limit);
      }
      gates.add(new Gate(metric, direction, limit));
    }
  }

  /**
   * Refuses, before the run, a gate on a metric that this run will not compute: it could only
   * miss, after the whole run. The message names the gate and what to add.
   *
   * @param input the predictions' kind, or null while it is not known (decided from the files)
   */
  public void requireComputable(EvalConfig.Task task, EvalConfig.LovaszMode lovasz, InputKind input) {
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

  /** What a gate's metric needs (the metric is one of {@link #metrics}). */
  static Need need(EvalConfig.Task task, String metric) {
    if (task == EvalConfig.Task.MULTICLASS) {
      return need(metric, MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key(),
          Arrays.stream(MulticlassMetric.values()).anyMatch(m -> m.key().equals(metric) && m.needsScores()));
    }
    return need(metric, BinaryMetric.LOVASZ_HINGE_LOSS.key(),
        Arrays.stream(BinaryMetric.values()).anyMatch(m -> m.key().equals(metric) && !m.computableFrom(InputKind.LABELS)));
  }

  /** {@code lovasz}: the task's Lovász key, whose per-image mean and dataset value need their own stages. */
  private static Need need(String metric, String lovasz, boolean needsScores) {
    if (metric.equals(PER_IMAGE_MEAN + lovasz)) {
      return Need.PER_IMAGE_LOVASZ;
    }
    if (metric.equals(lovasz)) {
      return Need.DATASET_LOVASZ;
    }
    return needsScores ? Need.SCORES : Need.NOTHING;
  }

  /** The metrics a gate can name, each with whether it is a loss (lower is better). */
  static Map<String, Boolean> metrics(EvalConfig.Task task) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    if (task == EvalConfig.Task.MULTICLASS) {
      for (MulticlassMetric metric : MulticlassMetric.values()) {
        m.put(metric.key(), metric == MulticlassMetric.CE || metric.key().endsWith("loss"));
      }
      m.put(PER_IMAGE_MEAN + MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key(), true);
    } else {
      for (BinaryMetric metric : BinaryMetric.values()) {
        m.put(metric.key(), metric.isLoss());
      }
      for (BinaryEvaluation.PerImageMean mean : BinaryEvaluation.PerImageMean.values()) {
        m.put(PER_IMAGE_MEAN + mean.key(), mean.key().endsWith("loss"));
      }
    }
    return m;
  }

  /**
   * The gates the results miss, one message each, e.g. {@code "dice = 0.818882 is under the minimum
   * 0.85 by 0.031118 (group model=unet-v3)"}; empty when every gate passes.
   */
  public List<String> check(Summary summary) {
    List<String> missed = new ArrayList<>();
    if (summary.groups() == null) {
      checkOne(summary, "", missed);
    } else {
      for (GroupSummary g : summary.groups()) {
        checkOne(g, " (group " + GroupBy.label(g.key()).text() + ")", missed);
      }
    }
    return missed;
  }

  /** The gates one group (or the ungrouped run) misses, for its history row; no group named. */
  public List<String> missedBy(ResultSections r) {
    List<String> missed = new ArrayList<>();
    checkOne(r, "", missed);
    return missed;
  }

  /**
   * The gates {@code r} (the run or a group) misses. With no image evaluated (every one skipped as
   * a bad record) every gate misses: the soft scores of no pixels are 1 by their smoothing, which
   * must not let an empty checkpoint pass.
   */
  private void checkOne(ResultSections r, String where, List<String> missed) {
    for (Gate gate : gates) {
      if (r.images() == 0) {
        missed.add(String.format(Locale.ROOT, "%s: no image was evaluated (all skipped as bad records), so it cannot"
            + " pass %s %s=%s%s", gate.metric(), gate.direction().option, gate.metric(), number(gate.limit()), where));
        continue;
      }
      Object v = gate.metric().startsWith(PER_IMAGE_MEAN)
          ? r.perImageMean().get(gate.metric().substring(PER_IMAGE_MEAN.length()))
          : r.dataset().get(gate.metric());
      if (v == null) {
        missed.add(String.format(Locale.ROOT, "%s is null (not computed), so it cannot pass %s %s=%s%s",
            gate.metric(), gate.direction().option, gate.metric(), number(gate.limit()), where));
        continue;
      }
      double value = ((Number) v).doubleValue();
      if (gate.direction().misses(value, gate.limit())) {
        missed.add(String.format(Locale.ROOT, "%s = %s is %s %s by %s%s", gate.metric(), number(value),
            gate.direction().words, number(gate.limit()), number(Math.abs(value - gate.limit())), where));
      }
    }
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
  }
}
