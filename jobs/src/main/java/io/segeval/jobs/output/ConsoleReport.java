package io.segeval.jobs.output;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The readable summary printed at the end of a run. */
public final class ConsoleReport {
  private ConsoleReport() {}

  public static void print(Summary s, PrintWriter out) {
    out.printf(Locale.ROOT, "%nSegEval %s: %s task, %s input, %,d images, %,d pixels%n",
        s.version(), s.task(), s.input(), s.images(), s.pixels());
    section(out, "dataset (all pixels together)", s.dataset());
    section(out, "per-image mean", s.perImageMean());
    if (s.perClass() != null && s.confusionMatrix() != null) {
      PerClassTable.print(s, out);
    }
    if (s.notComputable() != null) {
      out.println("not computable from " + s.input() + ": " + String.join(", ", s.notComputable()));
    }
    if (s.rejected().count() > 0) {
      out.printf(Locale.ROOT, "%nskipped %,d bad record(s), listed in OUTPUT/rejected/, by reason:%n", s.rejected().count());
      s.rejected().byReason().forEach((reason, n) -> out.printf(Locale.ROOT, "  %,8d  %s%n", n, reason));
    }
    out.flush();
  }

  private static void section(PrintWriter out, String title, Map<String, Object> values) {
    out.printf(Locale.ROOT, "%n  %-22s %s%n", title, "");
    out.printf(Locale.ROOT, "  %-22s %s%n", "-".repeat(22), "-".repeat(16));
    for (Map.Entry<String, Object> e : values.entrySet()) {
      out.printf(Locale.ROOT, "  %-22s %s%n", e.getKey(), format(e.getValue()));
    }
  }

  private static String format(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%16.10f", d);
    }
    if (v instanceof Number n) {
      return String.format(Locale.ROOT, "%,16d", n.longValue());
    }
    return String.valueOf(v);
  }
}
