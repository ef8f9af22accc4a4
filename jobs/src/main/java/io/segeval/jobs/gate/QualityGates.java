package io.segeval.jobs.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.PerClassMetric;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.output.Summary;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>What the rest of SegEval calls; the work is done by {@link GateParser} (the options),
 * {@link GateClasses} and {@link ComputableGates} (the gates against the run, before it),
 * {@link GateChecker} (the gates against its results) and {@link GateMessages} (their wording).
 */
public record QualityGates(List<Gate> gates) implements Serializable {
  public static final QualityGates NONE = new QualityGates(List.of());

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

    /** The option that sets gates of this direction, for messages: "--fail-under". */
    String option() {
      return option;
    }

    /** How a missed gate's value stands to its limit: "under the minimum". */
    String words() {
      return words;
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
   * Parses the two options for a task ({@link GateParser}). Unknown metrics, a minimum on a
   * loss or a maximum on a score are errors naming the option.
   */
  public static QualityGates parse(String failUnder, String failOver, EvalConfig.Task task) {
    return new QualityGates(GateParser.parse(failUnder, failOver, task));
  }

  /**
   * These gates with the class of every per-class gate resolved to its id ({@link GateClasses}):
   * a {@code --class-names} name, else an id in [0, C). A class that is neither is refused before
   * the run, naming the gate.
   */
  public QualityGates withClassIds(int numClasses, List<String> classNames) {
    return new QualityGates(GateClasses.resolve(gates, numClasses, classNames));
  }

  /**
   * Refuses, before the run, a gate on a metric that this run will not compute
   * ({@link ComputableGates}): it could only miss, after the whole run.
   *
   * @param input the predictions' kind, or null while it is not known (decided from the files)
   */
  public void requireComputable(EvalConfig.Task task, EvalConfig.LovaszMode lovasz, InputKind input) {
    ComputableGates.require(gates, task, lovasz, input);
  }

  /**
   * The gates the results miss, one message each, e.g. {@code "dice = 0.818882 is under the minimum
   * 0.85 by 0.031118 (group model=unet-v3)"}; empty when every gate passes.
   */
  public List<String> check(Summary summary) {
    return isEmpty() ? List.of() : withOutcomes(summary).gates().missedMessages();
  }

  /**
   * {@code summary} with the outcome of every gate ({@link GateChecker}), as {@code summary.json}
   * records them. Unchanged without gates.
   */
  public Summary withOutcomes(Summary summary) {
    return isEmpty() ? summary : new GateChecker(gates, summary.elements()).withOutcomes(summary);
  }
}
