package io.segeval.jobs.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.PerClassMetric;
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
 * scores and maximums of losses, checked before {@code summary.json} is written, which records
 * every outcome ({@link #withOutcomes}); the exit status is 3 when one is missed. Metric keys are
 * those of {@code summary.json}'s {@code dataset} ({@link BinaryMetric}, {@link MulticlassMetric})
 * or {@code per_image_mean.<key>}, and for multiclass {@code per_class.<metric>.<class>}
 * ({@link PerClassMetric}: iou, dice, acc, precision; the class by its {@code --class-names} name
 * or its id), e.g. {@code --fail-under per_class.iou.person=0.6}; or a count ({@link GatedCount}):
 * {@code --fail-over rejected=N}, {@code --fail-under images=N}. With {@code --group-by} every
 * group must pass; without, the whole dataset. A gate on a metric the run will not compute (the
 * dataset-wide Lovász without {@code --lovasz global|both}, the per-image one without
 * {@code per-image|both}, a loss of scores from label predictions) is refused before the run
 * ({@link #requireComputable}); a metric that is null from the data (e.g. precision with nothing
 * predicted) misses its gate.
 */
public record QualityGates(List<Gate> gates) implements Serializable {
  public static final QualityGates NONE = new QualityGates(List.of());

  /** The prefix of a gate on a per-image mean: {@code per_image_mean.dice}. */
  private static final String PER_IMAGE_MEAN = Summary.PER_IMAGE_MEAN_PREFIX;
  /** The prefix of a gate on one class (multiclass): {@code per_class.iou.person}. */
  static final String PER_CLASS = ResultSections.PER_CLASS + ".";

  /** Fail when the value is under the minimum ({@link #UNDER}) or over the maximum ({@link #OVER}). */
  public enum Direction {
    UNDER("--fail-under", "fail_under", "under the minimum"),
    OVER("--fail-over", "fail_over", "over the maximum");

    private final String option;
    /** The key of the history's {@code parameters}. */
    private final String key;
    private final String words;

    Direction(String option, String key, String words) {
      this.option = option;
      this.key = key;
      this.words = words;
    }

    /** The gate's kind in summary.json and the history's {@code parameters}: fail_under, fail_over. */
    @JsonValue
    public String key() {
      return key;
    }

    boolean misses(double value, double limit) {
      return this == UNDER ? value < limit : value > limit;
    }
  }

  /**
   * One gate: e.g. {@code dice} must not be UNDER 0.85. A gate on one class
   * ({@code per_class.iou.person}) also has the {@link PerClassMetric} and the class as written,
   * and its class id once {@link #withClassIds} has resolved it (null until then).
   */
  public record Gate(String metric, Direction direction, double limit, PerClassMetric perClass, String className,
      Integer classId) implements Serializable {

    public Gate(String metric, Direction direction, double limit) {
      this(metric, direction, limit, null, null, null);
    }

    /** "--fail-over lovasz_hinge_loss", for messages. */
    String named() {
      return direction.option + " " + metric;
    }

    /** The limit as summary.json has it: a count's as a whole number, as its value is. */
    Number limitNumber() {
      boolean counts = GatedCount.named(metric) != null || BinaryMetric.isCountKey(metric);
      return counts && limit == Math.rint(limit) && Math.abs(limit) < 1e15 ? (Number) (long) limit : (Number) limit;
    }

    /** This gate missed: the {@code value} read (null, with the {@code reason}, when there is none). */
    GateOutcome missed(Object value, String reason, String message) {
      return new GateOutcome(metric, direction, limitNumber(), value, reason, false, null, message);
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
   * The gates as the history's {@code parameters} record them: {@code fail_under} and
   * {@code fail_over}, each the limits by metric as written (left out when it has none).
   */
  public Map<String, Map<String, Double>> limits() {
    Map<String, Map<String, Double>> limits = new LinkedHashMap<>();
    for (Gate g : gates) {
      limits.computeIfAbsent(g.direction().key(), k -> new LinkedHashMap<>()).put(g.metric(), g.limit());
    }
    return limits;
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
      String written = kv[0].trim();
      String metric = written.toLowerCase(Locale.ROOT);
      if (task == EvalConfig.Task.MULTICLASS && metric.startsWith(PER_CLASS)) {
        gates.add(perClassGate(written, direction, kv[1].trim()));
        continue;
      }
      GatedCount count = GatedCount.named(metric);
      if (count != null) {
        // rejected a maximum only, images a minimum only
        if (direction != count.direction()) {
          boolean max = count.direction() == Direction.OVER;
          throw new UsageException(direction.option + ": " + metric + " has a " + (max ? "maximum" : "minimum") + " only ("
              + count.meaning() + "); use " + count.direction().option + " " + metric + (max ? "=MAX" : "=MIN"));
        }
        double limit = limit(direction, metric, kv[1].trim());
        if (limit < 0 || limit != Math.rint(limit)) {
          throw new UsageException(direction.option + ": " + metric + " counts " + count.meaning()
              + ": give a whole number >= 0, got " + kv[1].trim());
        }
        gates.add(new Gate(metric, direction, limit));
        continue;
      }
      Boolean loss = known.get(metric);
      if (loss == null) {
        throw new UsageException(direction.option + ": unknown " + task.key() + " metric '" + metric
            + "' (one of " + String.join(", ", known.keySet()) + ", " + String.join(", ", GatedCount.keys())
            + (task == EvalConfig.Task.MULTICLASS ? ", or " + PER_CLASS + "<" + String.join("|", perClassKeys())
                + ">.<class name or id>" : "")
            + ")");
      }
      // a minimum of a loss, or a maximum of a score (the counts tp, fp, fn, tn may have either)
      if (loss ? direction == Direction.UNDER : direction == Direction.OVER && !BinaryMetric.isCountKey(metric)) {
        throw wrongDirection(direction, metric);
      }
      gates.add(new Gate(metric, direction, limit(direction, metric, kv[1].trim())));
    }
  }

  private static double limit(Direction direction, String metric, String text) {
    double limit;
    try {
      limit = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UsageException(direction.option + ": " + metric + " must be a number, got '" + text + "'");
    }
    if (!Double.isFinite(limit)) {
      throw new UsageException(direction.option + ": " + metric + " must be finite, got " + limit);
    }
    return limit;
  }

  /**
   * {@code per_class.<metric>.<class>}: the metric's key in any case, the class as written (a name
   * may hold dots; it is matched exactly, or read as an id, by {@link #withClassIds}).
   */
  private static Gate perClassGate(String written, Direction direction, String limit) {
    String rest = written.substring(PER_CLASS.length());
    int dot = rest.indexOf('.');
    String key = (dot < 0 ? rest : rest.substring(0, dot)).toLowerCase(Locale.ROOT);
    String className = dot < 0 ? "" : rest.substring(dot + 1);
    PerClassMetric metric = Arrays.stream(PerClassMetric.values()).filter(m -> m.key().equals(key)).findFirst()
        .orElseThrow(() -> new UsageException(direction.option + ": unknown per-class metric '" + key + "' in '" + written
            + "' (one of " + String.join(", ", perClassKeys()) + "): write per_class.<metric>.<class name or id>, e.g. per_class.iou.person"));
    if (className.isEmpty()) {
      throw new UsageException(direction.option + ": '" + written + "' names no class: write per_class." + key
          + ".<class name or id>, e.g. per_class." + key + ".person");
    }
    String metricName = PER_CLASS + key + "." + className;
    if (direction == Direction.OVER) {
      throw wrongDirection(direction, metricName);
    }
    return new Gate(metricName, direction, limit(direction, metricName, limit), metric, className, null);
  }

  /** The keys of {@link PerClassMetric}: iou, dice, acc, precision. */
  private static List<String> perClassKeys() {
    return Arrays.stream(PerClassMetric.values()).map(PerClassMetric::key).toList();
  }

  /** A minimum of a loss ({@code given} UNDER) or a maximum of a score (OVER), refused naming the other option. */
  private static UsageException wrongDirection(Direction given, String metric) {
    return given == Direction.UNDER
        ? new UsageException(Direction.UNDER.option + ": " + metric + " is a loss (lower is better); use "
            + Direction.OVER.option + " " + metric + "=MAX")
        : new UsageException(Direction.OVER.option + ": " + metric + " is a score (higher is better); use "
            + Direction.UNDER.option + " " + metric + "=MIN");
  }

  /**
   * These gates with the class of every per-class gate resolved to its id: a {@code --class-names}
   * name, else an id in [0, C). A class that is neither is refused before the run, naming the gate.
   */
  public QualityGates withClassIds(int numClasses, List<String> classNames) {
    List<Gate> resolved = new ArrayList<>();
    for (Gate gate : gates) {
      if (gate.perClass() == null) {
        resolved.add(gate);
        continue;
      }
      int id = classNames == null ? -1 : classNames.indexOf(gate.className());
      if (id < 0 && gate.className().matches("[0-9]{1,9}") && Integer.parseInt(gate.className()) < numClasses) {
        id = Integer.parseInt(gate.className());
      }
      if (id < 0) {
        throw new UsageException(gate.named() + ": no class '" + gate.className() + "': give a class id in [0, "
            + numClasses + ")" + (classNames == null ? " (or name the classes with --class-names)"
                : " or one of the --class-names (" + String.join(", ", classNames) + ")"));
      }
      resolved.add(new Gate(gate.metric(), gate.direction(), gate.limit(), gate.perClass(), gate.className(), id));
    }
    return new QualityGates(resolved);
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

  /** What a gate's metric needs (a metric of {@link #metrics}, a per-class metric or a count). */
  static Need need(EvalConfig.Task task, String metric) {
    if (metric.startsWith(PER_CLASS)) {
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

  /**
   * The gates the results miss, one message each, e.g. {@code "dice = 0.818882 is under the minimum
   * 0.85 by 0.031118 (group model=unet-v3)"}; empty when every gate passes.
   */
  public List<String> check(Summary summary) {
    return isEmpty() ? List.of() : withOutcomes(summary).gates().missedMessages();
  }

  /** The gates one group misses, for its history row; no group named. */
  public List<String> missedBy(GroupSummary g) {
    return GatesSummary.ofGroup(checkOne(g, g.rejected())).missedMessages();
  }

  /**
   * {@code summary} with the outcome of every gate, as {@code summary.json} records them: without
   * {@code --group-by} the run's; with it each group's in the group's item, and the missed ones of
   * every group in the run's {@code gates.missed}, group by group, each message ending with
   * " (group split=val)". Unchanged without gates.
   */
  public Summary withOutcomes(Summary summary) {
    if (isEmpty()) {
      return summary;
    }
    if (summary.groups() == null) {
      return summary.withGates(GatesSummary.ofRun(checkOne(summary, summary.rejected().count())), null);
    }
    List<GroupSummary> groups = new ArrayList<>();
    List<GateOutcome> missed = new ArrayList<>();
    for (GroupSummary g : summary.groups()) {
      List<GateOutcome> checked = checkOne(g, g.rejected());
      groups.add(g.withGates(GatesSummary.ofGroup(checked)));
      String inGroup = " (group " + GroupBy.label(g.key()).text() + ")";
      checked.stream().filter(o -> !o.passed()).forEach(o -> missed.add(o.inGroup(g.key(), inGroup)));
    }
    return summary.withGates(GatesSummary.ofGroups(missed), groups);
  }

  /**
   * Every gate checked on {@code r} (the run or a group, with its {@code rejected} records), in the
   * order given; a missed one with its message, which names no group. With no image evaluated
   * (every one skipped as a bad record) every gate on a metric misses: the soft scores of no pixels
   * are 1 by their smoothing, which must not let an empty checkpoint pass; a count is still read.
   */
  private List<GateOutcome> checkOne(ResultSections r, long rejected) {
    List<GateOutcome> outcomes = new ArrayList<>();
    for (Gate gate : gates) {
      GatedCount count = GatedCount.named(gate.metric());
      if (r.images() == 0 && count == null) {
        outcomes.add(gate.missed(null, NO_IMAGE, gate.metric() + ": " + NO_IMAGE + ", " + cannotPass(gate)));
        continue;
      }
      Object v = count != null ? (Object) count.of(r, rejected) : valueOf(gate, r);
      if (v == null) {
        String why = "undefined: " + whyNull(gate, r);
        outcomes.add(gate.missed(null, why, gate.metric() + " is null (" + why + "), " + cannotPass(gate)));
        continue;
      }
      double value = ((Number) v).doubleValue();
      if (!gate.direction().misses(value, gate.limit())) {
        outcomes.add(new GateOutcome(gate.metric(), gate.direction(), gate.limitNumber(), v, null, true, null, null));
        continue;
      }
      int digits = digitsApart(value, gate.limit());
      outcomes.add(gate.missed(v, null, String.format(Locale.ROOT, "%s = %s is %s %s by %s", gate.metric(),
          number(value, digits), gate.direction().words, number(gate.limit(), digits),
          number(Math.abs(value - gate.limit())))));
    }
    return outcomes;
  }

  /** The end of a missed gate's message when it has no value: "so it cannot pass --fail-under dice=0.85". */
  private static String cannotPass(Gate gate) {
    return "so it cannot pass " + gate.named() + "=" + number(gate.limit());
  }

  /** Why a gate on a metric of a block with no image evaluated cannot pass. */
  private static final String NO_IMAGE = "no image was evaluated (all skipped as bad records)";

  /**
   * Why a gated value of {@code r} is null: its class has none; or no pixel was counted (every
   * target pixel ignored: "not computed" read as a setup mistake; an image with no pixels is a bad
   * record and a block with no image evaluated misses before, in {@link #checkOne}); or a zero
   * denominator (precision with nothing predicted). A metric the run does not compute is refused
   * before it ({@link #requireComputable}).
   */
  private static String whyNull(Gate gate, ResultSections r) {
    if (gate.perClass() != null) {
      return gate.perClass().whenUndefined();
    }
    return r.pixels() == 0 ? "0 pixels counted, as every target pixel was ignored"
        : "its denominator is 0";
  }

  /** The gated value in the run's or group's sections; null when undefined. */
  private static Object valueOf(Gate gate, ResultSections r) {
    if (gate.perClass() != null) {
      if (gate.classId() == null) {
        throw new IllegalStateException(gate.named() + ": its class was not resolved (QualityGates.withClassIds)");
      }
      Object[] values = (Object[]) r.perClass().get(gate.perClass().key());
      return values[gate.classId()];
    }
    return gate.metric().startsWith(PER_IMAGE_MEAN)
        ? r.perImageMean().get(gate.metric().substring(PER_IMAGE_MEAN.length()))
        : r.dataset().get(gate.metric());
  }

  /** Significant digits of messages: 6, as {@code %g}. */
  private static final int DIGITS = 6;

  private static String number(double v) {
    return number(v, DIGITS);
  }

  /**
   * {@code v} with {@code digits} significant digits, without trailing zeros (also before an exponent:
   * 1e-07); a whole number in full, so that a count reads as one ({@code images = 1234567}, not 1.23457e+06).
   */
  private static String number(double v, int digits) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%." + digits + "g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
        .replaceFirst("\\.(e|$)", "$1");
  }

  /**
   * {@link #DIGITS}, or as many more as a missed gate's value and limit need to read apart: a dice of
   * 0.8499999 under a minimum of 0.85 is "0.8499999 ... 0.85", not "0.85 is under the minimum 0.85".
   */
  private static int digitsApart(double value, double limit) {
    int digits = DIGITS;
    while (digits < 17 && number(value, digits).equals(number(limit, digits))) {
      digits++;
    }
    return digits;
  }
}
