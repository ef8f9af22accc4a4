package io.segeval.core.multiclass;

import io.segeval.core.NeumaierSum;

/**
 * Neumaier compensated summation on parallel arrays: {@code sum[i]} holds the running sum and
 * {@code comp[i]} the rounding error lost so far; the value is {@code sum[i] + comp[i]}. The same
 * algorithm as {@link io.segeval.core.NeumaierSum}, kept in primitive arrays so that C = 1000
 * per-class sums cost no objects.
 */
final class CompensatedArrays {
  private CompensatedArrays() {}

  /**
   * Adds x to the compensated pair: {@code t = sum[i] + x}, {@code comp[i] += (sum[i] + x) − t}
   * (the rounding error), {@code sum[i] = t}.
   */
  static void add(double[] sum, double[] comp, int i, double x) {
    double s = sum[i];
    double t = s + x;
    comp[i] += NeumaierSum.roundingError(s, x, t);
    sum[i] = t;
  }

  /** Adds the compensated pair (otherSum, otherComp) element-wise into (sum, comp). */
  static void addAll(double[] sum, double[] comp, double[] otherSum, double[] otherComp) {
    for (int i = 0; i < sum.length; i++) {
      add(sum, comp, i, otherSum[i]);
      comp[i] += otherComp[i];
    }
  }

  static double value(double[] sum, double[] comp, int i) {
    return sum[i] + comp[i];
  }
}
