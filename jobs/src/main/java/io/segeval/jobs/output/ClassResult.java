package io.segeval.jobs.output;

import io.segeval.core.multiclass.PerClassMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One class of a multiclass result (the whole run or a group): its id, its name (null when no
 * names were given), its {@link PerClassMetric} values as in {@code summary.json}'s
 * {@code per_class} (null where the denominator is 0) and its target pixels (the sum of row
 * {@code id} of the confusion matrix). What the console's per-class table prints and the
 * {@code per_class} column of {@code OUTPUT/metrics/} and the history hold.
 */
public record ClassResult(int id, String name, Map<PerClassMetric, Double> values, long targetPixels) {

  public Double value(PerClassMetric metric) {
    return values.get(metric);
  }

  /** One per class, in class-id order. */
  public static List<ClassResult> of(ResultSections r, List<String> classNames) {
    Map<PerClassMetric, Double[]> byMetric = new EnumMap<>(PerClassMetric.class);
    for (PerClassMetric m : PerClassMetric.values()) {
      byMetric.put(m, array(r.perClass().get(m.key())));
    }
    long[][] matrix = r.confusionMatrix();
    List<ClassResult> classes = new ArrayList<>(matrix.length);
    for (int c = 0; c < matrix.length; c++) {
      Map<PerClassMetric, Double> values = new EnumMap<>(PerClassMetric.class);
      for (PerClassMetric m : PerClassMetric.values()) {
        values.put(m, byMetric.get(m)[c]);
      }
      long pixels = 0;
      for (long v : matrix[c]) {
        pixels += v;
      }
      classes.add(new ClassResult(c, classNames == null ? null : classNames.get(c),
          Collections.unmodifiableMap(values), pixels));
    }
    return classes;
  }

  /** A per-class array as built by the stage (Double[]) or read back from JSON (a list). */
  private static Double[] array(Object v) {
    if (v instanceof List<?> list) {
      return list.stream().map(x -> x == null ? null : ((Number) x).doubleValue()).toArray(Double[]::new);
    }
    return (Double[]) v;
  }
}
