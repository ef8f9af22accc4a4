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
import java.util.stream.Collectors;

/**
 * The console's per-class table of a multiclass summary: one line per class (id, name when the
 * run has class names, IoU, Dice, accuracy, precision, target pixels), sorted by IoU from best to
 * worst, classes without an IoU (in no target and never predicted) last. With more than {@value #MAX_LINES} classes only the
 * {@value #SHOWN_AT_EACH_END} best and the {@value #SHOWN_AT_EACH_END} worst classes <em>with</em>
 * an IoU are printed, and the classes without one are one line of ids (at most
 * {@value #IDS_SHOWN}): with ADE20K's 150 classes on a subset, the worst end shows the classes the
 * model does worst on, not the dozens that have no IoU. {@code summary.json} has them all.
 */
final class PerClassTable {
  static final int SHOWN_AT_EACH_END = 15;
  /** Up to this many classes every one has its line. */
  static final int MAX_LINES = 2 * SHOWN_AT_EACH_END + 1;
  /** Ids of classes without an IoU listed on their summary line. */
  static final int IDS_SHOWN = 10;

  private PerClassTable() {}

  /** "target pixels", or "target voxels" for volumes; a dataset of both says pixels, in the column's 14 characters. */
  private static String targetColumn(Elements elements) {
    return "target " + (elements == Elements.VOXELS ? elements.plural() : Elements.PIXELS.plural());
  }

  static void print(Summary s, PrintWriter out) {
    List<ClassResult> lines = new ArrayList<>(ClassResult.of(s, s.classNames()));
    lines.sort(Comparator.comparing((ClassResult l) -> l.value(IOU), Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparingInt(ClassResult::id));
    // without class names, no name column (0 wide: its format and the blank before it are left out)
    int nameWidth = s.classNames() == null ? 0
        : Math.min(24, Math.max(4, lines.stream().mapToInt(l -> name(l).length()).max().orElse(0)));
    String pooled = ConsoleReport.pooledGroups(s);
    out.printf(Locale.ROOT, "%n  per class%s, by IoU (best first)%n", pooled == null ? "" : " (" + pooled + " pooled)");
    out.printf(Locale.ROOT, "  %5s" + nameColumn(nameWidth) + "  %8s  %8s  %8s  %9s  %14s%n", "class",
        nameWidth == 0 ? "" : "name", IOU.key(), DICE.key(), ACC.key(), PRECISION.key(), targetColumn(s.elements()));
    List<ClassResult> rated = lines.stream().filter(l -> l.value(IOU) != null).toList();
    List<ClassResult> unrated = lines.subList(rated.size(), lines.size());
    if (lines.size() <= MAX_LINES) {
      lines.forEach(l -> line(out, l, nameWidth));
      return;
    }
    for (int i = 0; i < rated.size(); i++) {
      if (i == SHOWN_AT_EACH_END && rated.size() > MAX_LINES) {
        out.printf(Locale.ROOT, "  %5s  ... %d more classes (all in summary.json)%n", "",
            rated.size() - 2 * SHOWN_AT_EACH_END);
        i = rated.size() - SHOWN_AT_EACH_END;
      }
      line(out, rated.get(i), nameWidth);
    }
    if (!unrated.isEmpty()) {
      String ids = unrated.stream().limit(IDS_SHOWN).map(l -> Integer.toString(l.id())).collect(Collectors.joining(", "));
      out.printf(Locale.ROOT, "  %5s  ... %d %s without an IoU (in no target, never predicted): %s%s%n", "",
          unrated.size(), unrated.size() == 1 ? "class" : "classes", ids, unrated.size() > IDS_SHOWN ? ", …" : "");
    }
  }

  private static void line(PrintWriter out, ClassResult l, int nameWidth) {
    String row = "  %5d" + nameColumn(nameWidth) + "  %8s  %8s  %8s  %9s  %,14d%n";
    out.printf(Locale.ROOT, row, l.id(), nameWidth == 0 ? "" : clip(name(l), nameWidth), f(l.value(IOU)), f(l.value(DICE)),
        f(l.value(ACC)), f(l.value(PRECISION)), l.targetPixels());
  }

  /** The name column's format: its blank and {@code width} characters, or an empty string's format for none. */
  private static String nameColumn(int width) {
    return width == 0 ? "%s" : "  %-" + width + "s";
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
