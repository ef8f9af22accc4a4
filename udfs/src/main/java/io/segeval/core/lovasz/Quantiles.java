package io.segeval.core.lovasz;

import java.io.Serializable;
import java.util.List;

/**
 * Choice of the bucket boundaries of the dataset-wide sort. Each image contributes a deterministic
 * sample of its sorted errors: every {@code stride}-th order statistic (positions stride−1,
 * 2·stride−1, ... in descending order) with weight {@code stride}, plus the last pixel with the
 * remaining weight. {@link #chooseBoundaries} then cuts the pooled weighted sample into buckets of
 * roughly equal pixel weight. NaN errors are left out of the samples.
 */
public final class Quantiles {
  private Quantiles() {}

  /** Sampled error values (descending) and the number of pixels each one stands for. */
  public static final class WeightedSample implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] values;
    private final long[] weights;

    public WeightedSample(double[] values, long[] weights) {
      if (values.length != weights.length) {
        throw new IllegalArgumentException("values and weights differ in length");
      }
      this.values = values;
      this.weights = weights;
    }

    public int size() {
      return values.length;
    }

    public double value(int i) {
      return values[i];
    }

    public long weight(int i) {
      return weights[i];
    }
  }

  /** {@code samples} as one: their values and weights one after the other, in list order. */
  public static WeightedSample pooled(List<WeightedSample> samples) {
    int n = totalSize(samples);
    double[] values = new double[n];
    long[] weights = new long[n];
    int at = 0;
    for (WeightedSample w : samples) {
      System.arraycopy(w.values, 0, values, at, w.size());
      System.arraycopy(w.weights, 0, weights, at, w.size());
      at += w.size();
    }
    return new WeightedSample(values, weights);
  }

  /** The number of sampled values of {@code samples} together. */
  private static int totalSize(List<WeightedSample> samples) {
    int n = 0;
    for (WeightedSample s : samples) {
      n += s.size();
    }
    return n;
  }

  /** Every {@code stride}-th order statistic of {@code runs} with weight {@code stride}. */
  public static WeightedSample sample(ErrorRuns runs, int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be >= 1: " + stride);
    }
    long total = 0;
    int first = 0;
    for (int i = 0; i < runs.size(); i++) {
      if (Double.isNaN(runs.error(i))) {
        first = i + 1; // NaN sorts first; leave it out
      } else {
        total += runs.count(i);
      }
    }
    int n = (int) ((total + stride - 1) / stride);
    double[] values = new double[n];
    long[] weights = new long[n];
    long next = stride - 1; // position of the next sampled pixel
    long runEnd = 0;
    int s = 0;
    for (int i = first; i < runs.size() && s < n; i++) {
      runEnd += runs.count(i);
      while (s < n && Math.min(next, total - 1) < runEnd) {
        values[s] = runs.error(i);
        // the pixels since the previous sample: stride, or fewer for the last pixel
        weights[s] = Math.min(next, total - 1) - (next - stride);
        s++;
        next += stride;
      }
    }
    return new WeightedSample(values, weights);
  }

  /**
   * {@code buckets − 1} non-increasing boundaries cutting the pooled samples into buckets of about
   * {@code W / buckets} pixels each (W the total weight), for {@link ErrorRuns#bucketStarts}:
   * boundary i is the first sampled value (descending) at which the cumulative weight reaches
   * {@code i·W/buckets}. Without samples every boundary is 0 (all errors in bucket 0).
   */
  public static double[] chooseBoundaries(List<WeightedSample> samples, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be >= 1: " + buckets);
    }
    int n = totalSize(samples);
    long[] keys = new long[n];
    double[] weights = new double[n];
    int at = 0;
    double total = 0.0;
    for (WeightedSample s : samples) {
      for (int i = 0; i < s.size(); i++) {
        keys[at] = ~RadixSort.sortableKey(s.value(i)); // descending
        weights[at] = s.weight(i);
        total += s.weight(i);
        at++;
      }
    }
    RadixSort.sort(keys, weights, n, 64, new RadixSort.Workspace());
    double[] boundaries = new double[buckets - 1]; // 0 where no sample reaches the boundary
    double cumulative = 0.0;
    int k = 0;
    for (int i = 1; i < buckets; i++) {
      double target = total * i / buckets;
      while (k < n && cumulative + weights[k] < target) {
        cumulative += weights[k];
        k++;
      }
      if (k < n) {
        boundaries[i - 1] = RadixSort.fromSortableKey(~keys[k]);
      } else if (n > 0) {
        boundaries[i - 1] = RadixSort.fromSortableKey(~keys[n - 1]);
      }
    }
    return boundaries;
  }
}
