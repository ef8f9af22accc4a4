package io.segeval.jobs.output;

import static io.segeval.core.multiclass.PerClassMetric.ACC;
import static io.segeval.core.multiclass.PerClassMetric.DICE;
import static io.segeval.core.multiclass.PerClassMetric.IOU;
import static io.segeval.core.multiclass.PerClassMetric.PRECISION;

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

  static void print(Summary s, PrintWriter out) {
    List<ClassResult> lines = new ArrayList<>(ClassResult.of(s, s.classNames()));
    lines.sort(Comparator.comparing((ClassResult l) -> l.value(IOU), Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparingInt(ClassResult::id));
    int nameWidth = Math.min(24, Math.max(4, lines.stream().mapToInt(l -> name(l).length()).max().orElse(0)));
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
      ClassResult l = lines.get(i);
      out.printf(Locale.ROOT, row, l.id(), clip(name(l), nameWidth), f(l.value(IOU)), f(l.value(DICE)),
          f(l.value(ACC)), f(l.value(PRECISION)), l.targetPixels());
    }
  }

  private static String name(ClassResult l) {
    return l.name() == null ? "" : l.name();
  }

  private static String f(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String clip(String name, int width) {
    return name.length() <= width ? name : name.substring(0, width - 1) + "…";
  }
}
