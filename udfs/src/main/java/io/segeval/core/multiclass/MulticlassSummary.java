package io.segeval.core.multiclass;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable result of a multiclass evaluation, ready to serialize: counts, the confusion
 * matrix, the per-class values ({@link PerClassMetric}) and the dataset values
 * ({@link MulticlassMetric}). Values that cannot be computed are {@code null}. The per-class
 * values, their means and {@code aacc} are ratios of exact counts, always finite;
 * {@code soft_dice_loss} reads I_c and P_c, which lie in [0, n], and is finite too. {@code ce} is
 * NaN, never infinite, only when the images' finite cross-entropies add up past the double range
 * (about 1.8e308, {@link MulticlassCounts#crossEntropySum}). Accessors return copies.
 */
public final class MulticlassSummary {
  private final MulticlassParams params;
  private final long images;
  private final long pixels;
  private final long ignored;
  private final long[][] confusion;
  private final EnumMap<PerClassMetric, Double[]> perClass;
  private final EnumMap<MulticlassMetric, Double> dataset;

  private MulticlassSummary(
      MulticlassParams params, long images, long pixels, long ignored, long[][] confusion,
      EnumMap<PerClassMetric, Double[]> perClass, EnumMap<MulticlassMetric, Double> dataset) {
    this.params = params;
    this.images = images;
    this.pixels = pixels;
    this.ignored = ignored;
    this.confusion = confusion;
    this.perClass = perClass;
    this.dataset = dataset;
  }

  static MulticlassSummary of(MulticlassCounts counts) {
    int k = counts.numClasses();
    long[] tp = new long[k];
    long[] row = new long[k];
    long[] col = new long[k];
    long trace = 0;
    for (int c = 0; c < k; c++) {
      tp[c] = counts.truePositives(c);
      row[c] = counts.targetCount(c);
      col[c] = counts.predictedCount(c);
      trace += tp[c];
    }
    EnumMap<PerClassMetric, Double[]> perClass = new EnumMap<>(PerClassMetric.class);
    for (PerClassMetric metric : PerClassMetric.values()) {
      perClass.put(metric, metric.values(tp, row, col));
    }

    long n = counts.pixels();
    boolean soft = counts.params().hasSoftScores() && n > 0;
    EnumMap<MulticlassMetric, Double> dataset = new EnumMap<>(MulticlassMetric.class);
    dataset.put(MulticlassMetric.MIOU, PerClassMetric.meanOfNonNull(perClass.get(PerClassMetric.IOU)));
    dataset.put(MulticlassMetric.MDICE, PerClassMetric.meanOfNonNull(perClass.get(PerClassMetric.DICE)));
    dataset.put(MulticlassMetric.MACC, PerClassMetric.meanOfNonNull(perClass.get(PerClassMetric.ACC)));
    // aacc = trace(M) / n
    dataset.put(MulticlassMetric.AACC, n == 0 ? null : (double) trace / n);
    // ce = CE / n
    dataset.put(MulticlassMetric.CE, soft ? counts.crossEntropySum() / n : null);
    dataset.put(MulticlassMetric.SOFT_DICE_LOSS, soft ? softDiceLoss(counts, row) : null);
    dataset.put(MulticlassMetric.LOVASZ_SOFTMAX_LOSS, null);
    return new MulticlassSummary(
        counts.params(), counts.images(), n, counts.ignored(), counts.confusionMatrix(), perClass, dataset);
  }

  /** 1 − mean over classes with T_c > 0 of (2 I_c + s) / (P_c + T_c + s); null if no such class. */
  private static Double softDiceLoss(MulticlassCounts counts, long[] targetCounts) {
    double s = counts.params().smooth();
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < targetCounts.length; c++) {
      if (targetCounts[c] > 0) {
        double i = counts.intersection(c);
        sum += (2 * i + s) / (counts.predictedSum(c) + targetCounts[c] + s);
        classes++;
      }
    }
    return classes == 0 ? null : 1 - sum / classes;
  }

  /** This summary with {@code dataset.lovasz_softmax_loss} set (from the Lovász stage). */
  public MulticlassSummary withLovaszSoftmax(Double value) {
    EnumMap<MulticlassMetric, Double> d = new EnumMap<>(dataset);
    d.put(MulticlassMetric.LOVASZ_SOFTMAX_LOSS, value);
    return new MulticlassSummary(params, images, pixels, ignored, confusion, perClass, d);
  }

  public MulticlassParams params() {
    return params;
  }

  public long images() {
    return images;
  }

  /** n, the non-ignored pixels. */
  public long pixels() {
    return pixels;
  }

  public long ignored() {
    return ignored;
  }

  /** A copy of M, rows = target class, columns = predicted class. */
  public long[][] confusionMatrix() {
    long[][] m = new long[confusion.length][];
    for (int i = 0; i < m.length; i++) {
      m[i] = confusion[i].clone();
    }
    return m;
  }

  /** A copy of one per-class array (null entries where the denominator is 0). */
  public Double[] perClass(PerClassMetric metric) {
    return perClass.get(metric).clone();
  }

  /** Every per-class array by key, in {@link PerClassMetric} order (copies). */
  public Map<String, Double[]> perClassValues() {
    Map<String, Double[]> out = new LinkedHashMap<>();
    for (PerClassMetric metric : PerClassMetric.values()) {
      out.put(metric.key(), perClass(metric));
    }
    return Collections.unmodifiableMap(out);
  }

  /** One dataset value, or null (see the class comment for NaN and infinities). */
  public Double dataset(MulticlassMetric metric) {
    return dataset.get(metric);
  }

  /** Every dataset value by key, in {@link MulticlassMetric} order; values may be null. */
  public Map<String, Double> datasetValues() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (MulticlassMetric metric : MulticlassMetric.values()) {
      out.put(metric.key(), dataset.get(metric));
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "MulticlassSummary{images=" + images + ", pixels=" + pixels + ", ignored=" + ignored
        + ", dataset=" + datasetValues() + "}";
  }
}
