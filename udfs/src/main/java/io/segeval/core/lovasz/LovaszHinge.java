package io.segeval.core.lovasz;

import io.segeval.core.NeumaierSum;

/**
 * Binary Lovász hinge of one image (Berman et al. 2018, {@code lovasz_hinge_flat}), in float64:
 * {@code e_j = 1 − x_j·(2t_j − 1)}, errors sorted in descending order with the targets along,
 * {@code g = Σ t}, {@code J_k = 1 − (g − cumsum(t)_k)/(g + cumsum(1 − t)_k)}, {@code ∇_1 = J_1},
 * {@code ∇_k = J_k − J_{k−1}}, loss {@code = Σ_k relu(e_(k))·∇_k}.
 *
 * <p>Targets may be 0/1 or soft in [0,1]. Pixels with {@code e <= 0} contribute nothing and are
 * left out of the sort (they still count in {@code g}). An image whose target has no positive
 * pixel follows the reference ({@code g = 0}: the loss is the largest positive error). An image
 * with no pixels has no value: {@link Double#NaN}, which callers skip.
 *
 * <p>With 0/1 targets and logits that are exact floats (float32 predictions widened), the sort is
 * a 33-bit radix sort of (float margin, label); otherwise a 64-bit sort with the target carried.
 * A NaN logit or target gives NaN; infinite logits follow IEEE arithmetic as the reference does.
 */
public final class LovaszHinge {
  /** Bits of the fast-path key: 32 bits of the float margin {@code x·(2t−1)} and the label bit. */
  private static final int MARGIN_KEY_BITS = 33;

  private LovaszHinge() {}

  /**
   * Lovász hinge of {@code logits[0,n)} against {@code targets[0,n)}; NaN if {@code n == 0} or a
   * logit or target is NaN (callers skip images of no pixels, and the readers refuse NaN inputs).
   */
  public static double perImage(double[] logits, double[] targets, int n, LovaszWorkspace ws) {
    if (n == 0) {
      return Double.NaN;
    }
    double g = sortErrors(logits, targets, n, ws);
    return LovaszGradient.dot(ws.errors, ws.weights, ws.sortedCount, g);
  }

  /**
   * This image's positive errors as runs for the dataset-wide loss (see {@link LovaszSweep}).
   * The dataset's {@code g} is {@code Σ t} over all pixels, which the runs do not hold (pixels with
   * {@code e <= 0} are left out).
   */
  public static ErrorRuns errorRuns(double[] logits, double[] targets, int n, LovaszWorkspace ws) {
    if (n == 0) {
      return ErrorRuns.EMPTY;
    }
    sortErrors(logits, targets, n, ws);
    return ErrorRuns.fromSorted(ws.errors, ws.weights, ws.sortedCount);
  }

  /**
   * Leaves the {@code e > 0} (or NaN) errors sorted descending in {@code ws.errors} with their
   * targets in {@code ws.weights}, their number in {@code ws.sortedCount}; returns {@code g = Σ t}.
   */
  static double sortErrors(double[] logits, double[] targets, int n, LovaszWorkspace ws) {
    return sortErrors(logits, targets, n, ws, HingeKeys.CHOSEN);
  }

  /** As {@link #sortErrors(double[], double[], int, LovaszWorkspace)} with the given fast-path scan (tests). */
  static double sortErrors(double[] logits, double[] targets, int n, LovaszWorkspace ws, HingeKeys scan) {
    ws.ensure(n);
    long positives = sortHardFloat(logits, targets, n, ws, scan);
    if (positives >= 0) {
      return positives;
    }
    return sortGeneral(logits, targets, n, ws);
  }

  /**
   * Fast path for 0/1 targets and float logits: the margin {@code m = x·(2t−1)} is an exact float
   * and {@code e = 1 − m}, so e descending is m ascending: key = (sortable float bits of m, label).
   * Returns the number of positive pixels, or −1 if a target is not 0/1 or a logit not a float.
   */
  private static long sortHardFloat(double[] logits, double[] targets, int n, LovaszWorkspace ws, HingeKeys scan) {
    long[] keys = ws.keys;
    long positives = scan.collect(logits, targets, n, keys, ws);
    if (positives < 0) {
      return -1;
    }
    int m = ws.sortedCount;
    RadixSort.sort(keys, m, MARGIN_KEY_BITS, ws.sort);
    double[] errors = ws.errors;
    double[] weights = ws.weights;
    for (int k = 0; k < m; k++) {
      long key = keys[k];
      // the reference computes 1.0 − x·sign in float64; x·sign == m exactly
      errors[k] = 1.0 - (double) RadixSort.fromSortableFloatKey(key >>> 1);
      weights[k] = (double) (key & 1L);
    }
    ws.sortedCount = m;
    return positives;
  }

  /** General path: any targets in [0,1], float64 logits; the target rides along the sort. */
  private static double sortGeneral(double[] logits, double[] targets, int n, LovaszWorkspace ws) {
    long[] keys = ws.keys;
    double[] weights = ws.weights;
    NeumaierSum g = new NeumaierSum();
    int m = 0;
    for (int j = 0; j < n; j++) {
      double t = targets[j];
      // e = 1 − x·(2t − 1), as the reference computes it
      double e = 1.0 - logits[j] * (2.0 * t - 1.0);
      g.add(t);
      if (!(e <= 0.0)) {
        keys[m] = ~RadixSort.sortableKey(e); // descending
        weights[m] = t;
        m++;
      }
    }
    RadixSort.sort(keys, weights, m, 64, ws.sort);
    double[] errors = ws.errors;
    for (int k = 0; k < m; k++) {
      errors[k] = RadixSort.fromSortableKey(~keys[k]);
    }
    ws.sortedCount = m;
    return g.value();
  }
}
