package io.segeval.jobs.output;

import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The readable summary printed at the end of a run. */
public final class ConsoleReport {
  private ConsoleReport() {}

  public static void print(Summary s, PrintWriter out) {
    print(s, out, List.of(), null);
  }

  /**
   * {@code gated}: the metrics of the quality gates, shown in the groups' table too; {@code where}:
   * the {@code --where} the tables' rows were filtered with (null: none), said under the header.
   */
  public static void print(Summary s, PrintWriter out, List<String> gated, String where) {
    // a dataset of volumes counts voxels: said so, though summary.json's key is pixels
    String elements = s.elements().plural();
    out.printf(Locale.ROOT, "%nSegEval %s: %s task, %s input, %,d images, %,d %s%n",
        s.version(), s.task(), s.input(), s.images(), s.pixels(), elements);
    if (where != null) {
      out.println("  rows where " + where);
    }
    // with groups (several checkpoints, say) these pool every group's pixels: said, so that no one
    // reads them as one group's
    String pooled = pooledGroups(s);
    section(out, pooled == null ? "dataset (all " + elements + " together)"
        : "dataset (all " + elements + " of " + pooled + " together; each group below)", s.dataset());
    section(out, pooled == null ? "per-image mean" : "per-image mean (every image of " + pooled + ")", s.perImageMean());
    if (s.perClass() != null && s.confusionMatrix() != null) {
      PerClassTable.print(s, out);
    }
    if (s.groups() != null) {
      groups(out, s, gated);
    }
    if (s.notComputable() != null) {
      out.println("not computable from " + s.input() + ": " + String.join(", ", s.notComputable()));
    }
    if (s.rejected().count() > 0) {
      out.printf(Locale.ROOT, "%nskipped %,d bad record(s), listed in OUTPUT/rejected/, by reason:%n", s.rejected().count());
      Rejections.byReasonLines(s.rejected().byReason()).forEach(out::println);
    }
    out.flush();
  }

  /** "all 3 groups" when the run has several groups, else null (no groups, or one: nothing pooled). */
  static String pooledGroups(Summary s) {
    return s.groups() == null || s.groups().size() < 2 ? null : "all " + s.groups().size() + " groups";
  }

  /** The dataset metrics shown per group on the console, when the task has them. */
  private static final List<String> GROUP_COLUMNS = List.of(BinaryMetric.DICE.key(), BinaryMetric.IOU.key(),
      BinaryMetric.HARD_IOU.key(), BinaryMetric.BCE.key(), MulticlassMetric.MIOU.key(), MulticlassMetric.MDICE.key(),
      MulticlassMetric.AACC.key(), MulticlassMetric.CE.key());

  /**
   * One line per group: its key, images, skipped records (when a group has some, or they are
   * gated), a few dataset metrics and the gated ones (all in summary.json).
   */
  private static void groups(PrintWriter out, Summary s, List<String> gated) {
    List<String> metrics = Stream.concat(GROUP_COLUMNS.stream(), gated.stream()).distinct()
        .filter(s.dataset()::containsKey).toList();
    // the skipped column with a gate on it (--fail-over rejected=N), else when a group has some
    boolean skipped = gated.contains(GroupSummary.REJECTED)
        || s.groups().stream().anyMatch(g -> g.rejected() > 0);
    int n = s.groups().size();
    out.printf(Locale.ROOT, "%n  by %s (%d %s; every metric in summary.json and OUTPUT/metrics/)%n",
        String.join(", ", s.groupBy()), n, n == 1 ? "group" : "groups");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-30s %10s", "group", "images"));
    if (skipped) {
      header.append(String.format(Locale.ROOT, " %10s", "skipped"));
    }
    metrics.forEach(m -> header.append(String.format(Locale.ROOT, " %16s", m)));
    out.println(header);
    for (GroupSummary g : s.groups()) {
      String key = String.join(", ", g.key().values().stream().map(v -> v == null ? "null" : v.isEmpty() ? "\"\"" : v).toList());
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-30s %,10d", key, g.images()));
      if (skipped) {
        line.append(String.format(Locale.ROOT, " %,10d", g.rejected()));
      }
      metrics.forEach(m -> line.append(' ').append(format(g.dataset().get(m))));
      out.println(line);
    }
  }

  private static void section(PrintWriter out, String title, Map<String, Object> values) {
    out.printf(Locale.ROOT, "%n  %s%n", title);
    out.printf(Locale.ROOT, "  %-22s %s%n", "-".repeat(22), "-".repeat(16));
    for (Map.Entry<String, Object> e : values.entrySet()) {
      out.printf(Locale.ROOT, "  %-22s %s%n", e.getKey(), format(e.getValue()));
    }
  }

  /** A value in a column of 16, right-aligned as numbers are; null (undefined, not computed) is "-". */
  private static String format(Object v) {
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%16.10f", d);
    }
    if (v instanceof Number n) {
      return String.format(Locale.ROOT, "%,16d", n.longValue());
    }
    return String.format(Locale.ROOT, "%16s", v == null ? "-" : v);
  }
}
