package io.segeval.jobs.gate;

import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.PerClassMetric;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.gate.QualityGates.Direction;
import io.segeval.jobs.gate.QualityGates.Gate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code --fail-under} and {@code --fail-over} (from the command line or a config file):
 * {@code metric=value[,...]} into {@link Gate}s, in the order given. What cannot be a gate is a
 * {@link UsageException} naming the option: an unknown metric, a minimum of a loss or a maximum of
 * a score, a count gated the other way or not a whole number, a limit that is no finite number.
 */
final class GateParser {
  private GateParser() {}

  /** The gates of both options for a task: the minimums, then the maximums. */
  static List<Gate> parse(String failUnder, String failOver, EvalConfig.Task task) {
    List<Gate> gates = new ArrayList<>();
    parseInto(gates, failUnder, Direction.UNDER, task);
    parseInto(gates, failOver, Direction.OVER, task);
    return gates;
  }

  private static void parseInto(List<Gate> gates, String value, Direction direction, EvalConfig.Task task) {
    if (value == null || value.isBlank()) {
      return;
    }
    for (String part : value.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new UsageException(direction.option() + ": expected metric=value, got '" + part.trim() + "'");
      }
      gates.add(gate(kv[0].trim(), direction, kv[1].trim(), task));
    }
  }

  /** The gate {@code written=limit}: on one class, on a count or on a metric of the task. */
  private static Gate gate(String written, Direction direction, String limit, EvalConfig.Task task) {
    String metric = written.toLowerCase(Locale.ROOT);
    if (task == EvalConfig.Task.MULTICLASS && metric.startsWith(GateMetrics.PER_CLASS)) {
      return perClassGate(written, direction, limit);
    }
    GatedCount count = GatedCount.named(metric);
    if (count != null) {
      return countGate(count, direction, limit);
    }
    Map<String, Boolean> known = GateMetrics.of(task);
    Boolean loss = known.get(metric);
    if (loss == null) {
      throw new UsageException(direction.option() + ": unknown " + task.key() + " metric '" + metric
          + "' (one of " + String.join(", ", known.keySet()) + ", " + String.join(", ", GatedCount.keys())
          + (task == EvalConfig.Task.MULTICLASS ? ", or " + GateMetrics.PER_CLASS + "<"
              + String.join("|", GateMetrics.perClassKeys()) + ">.<class name or id>" : "")
          + ")");
    }
    // a minimum of a loss, or a maximum of a score (the counts tp, fp, fn, tn may have either)
    if (loss ? direction == Direction.UNDER : direction == Direction.OVER && !BinaryMetric.isCountKey(metric)) {
      throw wrongDirection(direction, metric);
    }
    return new Gate(metric, direction, limit(direction, metric, limit));
  }

  /** A gate on a count: rejected a maximum only, images a minimum only; a whole number >= 0. */
  private static Gate countGate(GatedCount count, Direction direction, String text) {
    String metric = count.key();
    if (direction != count.direction()) {
      boolean max = count.direction() == Direction.OVER;
      throw new UsageException(direction.option() + ": " + metric + " has a " + (max ? "maximum" : "minimum")
          + " only (" + count.meaning() + "); use " + count.direction().option() + " " + metric
          + (max ? "=MAX" : "=MIN"));
    }
    double limit = limit(direction, metric, text);
    if (limit < 0 || limit != Math.rint(limit)) {
      throw new UsageException(direction.option() + ": " + metric + " counts " + count.meaning()
          + ": give a whole number >= 0, got " + text);
    }
    return new Gate(metric, direction, limit);
  }

  private static double limit(Direction direction, String metric, String text) {
    double limit;
    try {
      limit = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UsageException(direction.option() + ": " + metric + " must be a number, got '" + text + "'");
    }
    if (!Double.isFinite(limit)) {
      throw new UsageException(direction.option() + ": " + metric + " must be finite, got " + limit);
    }
    return limit;
  }

  /**
   * {@code per_class.<metric>.<class>}: the metric's key in any case, the class as written (a name
   * may hold dots; it is matched exactly, or read as an id, by {@link GateClasses}).
   */
  private static Gate perClassGate(String written, Direction direction, String limit) {
    String rest = written.substring(GateMetrics.PER_CLASS.length());
    int dot = rest.indexOf('.');
    String key = (dot < 0 ? rest : rest.substring(0, dot)).toLowerCase(Locale.ROOT);
    String className = dot < 0 ? "" : rest.substring(dot + 1);
    PerClassMetric metric = Arrays.stream(PerClassMetric.values()).filter(m -> m.key().equals(key)).findFirst()
        .orElseThrow(() -> new UsageException(direction.option() + ": unknown per-class metric '" + key + "' in '"
            + written + "' (one of " + String.join(", ", GateMetrics.perClassKeys())
            + "): write per_class.<metric>.<class name or id>, e.g. per_class.iou.person"));
    if (className.isEmpty()) {
      throw new UsageException(direction.option() + ": '" + written + "' names no class: write per_class." + key
          + ".<class name or id>, e.g. per_class." + key + ".person");
    }
    String metricName = GateMetrics.PER_CLASS + key + "." + className;
    if (direction == Direction.OVER) {
      throw wrongDirection(direction, metricName);
    }
    return new Gate(metricName, direction, limit(direction, metricName, limit), metric, className, null);
  }

  /** A minimum of a loss ({@code given} UNDER) or a maximum of a score (OVER), refused naming the other option. */
  private static UsageException wrongDirection(Direction given, String metric) {
    return given == Direction.UNDER
        ? new UsageException(Direction.UNDER.option() + ": " + metric + " is a loss (lower is better); use "
            + Direction.OVER.option() + " " + metric + "=MAX")
        : new UsageException(Direction.OVER.option() + ": " + metric + " is a score (higher is better); use "
            + Direction.UNDER.option() + " " + metric + "=MIN");
  }
}
