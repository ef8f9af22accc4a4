package io.segeval.jobs.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The console's per-class table of a multiclass summary: one line per class (id, name, IoU, Dice,
 * accuracy, precision, target pixels), sorted by IoU from best to worst, classes without an IoU
 * last. With many classes only the {@value #SHOWN_AT_EACH_END} best and worst are printed;
 * {@code summary.json} has them all.
 */
final class PerClassTable {
  static final int SHOWN_AT_EACH_END = 15;

  private PerClassTable() {}

  private record Line(int id, String name, Double iou, Double dice, Double acc, Double precision, long pixels) {}

  static void print(Summary s, PrintWriter out) {
    Double[] iou = values(s, "iou");
    Double[] dice = values(s, "dice");
    Double[] acc = values(s, "acc");
    Double[] precision = values(s, "precision");
    long[][] m = s.confusionMatrix();
    List<Line> lines = new ArrayList<>();
    for (int c = 0; c < iou.length; c++) {
      long pixels = 0;
      for (long v : m[c]) {
        pixels += v;
      }
      String name = s.classNames() == null ? "" : s.classNames().get(c);
      lines.add(new Line(c, name, iou[c], dice[c], acc[c], precision[c], pixels));
    }
    lines.sort(Comparator.comparing(Line::iou, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparingInt(Line::id));
    int nameWidth = Math.min(24, Math.max(4, lines.stream().mapToInt(l -> l.name().length()).max().orElse(0)));
    out.printf(Locale.ROOT, "%n  per class, by IoU (best first)%n");
    String header = "  %5s  %-" + nameWidth + "s  %8s  %8s  %8s  %9s  %14s%n";
    out.printf(Locale.ROOT, header, "class", "name", "iou", "dice", "acc", "precision", "target pixels");
    String row = "  %5d  %-" + nameWidth + "s  %8s  %8s  %8s  %9s  %,14d%n";
    int shown = lines.size() <= 2 * SHOWN_AT_EACH_END + 1 ? lines.size() : SHOWN_AT_EACH_END;
    for (int i = 0; i < lines.size(); i++) {
      if (i == shown && shown < lines.size() - SHOWN_AT_EACH_END) {
        out.printf(Locale.ROOT, "  %5s  ... %d more classes (all in summary.json)%n", "",
            lines.size() - 2 * SHOWN_AT_EACH_END);
        i = lines.size() - SHOWN_AT_EACH_END;
      }
      Line l = lines.get(i);
      out.printf(Locale.ROOT, row, l.id(), clip(l.name(), nameWidth), f(l.iou()), f(l.dice()), f(l.acc()),
          f(l.precision()), l.pixels());
    }
  }

  /** A per-class array as built by the stage (Double[]) or read back from JSON (a list). */
  private static Double[] values(Summary s, String key) {
    Object v = s.perClass().get(key);
    if (v instanceof List<?> list) {
      return list.stream().map(x -> x == null ? null : ((Number) x).doubleValue()).toArray(Double[]::new);
    }
    return (Double[]) v;
  }

  private static String f(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String clip(String name, int width) {
    return name.length() <= width ? name : name.substring(0, width - 1) + "…";
  }
}
