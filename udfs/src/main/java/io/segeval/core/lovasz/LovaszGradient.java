package io.segeval.core.lovasz;

import io.segeval.core.NeumaierSum;

/** The Lovász extension of the Jaccard loss applied to errors already sorted in descending order. */
final class LovaszGradient {
  private static final int BLOCK = 4096;

  private LovaszGradient() {}

  /**
   * Jaccard loss after the pixels with cumulative target weight {@code pos} and non-target weight
   * {@code neg}: {@code J = 1 − (g − pos)/(g + neg)}, and 0 before any pixel.
   */
  static double jaccard(double g, double pos, double neg) {
    if (pos + neg == 0.0) {
      return 0.0;
    }
    return 1.0 - (g - pos) / (g + neg);
  }

  /**
   * {@code Σ_k e_(k)·∇_k} with {@code ∇_k = J_k − J_{k−1}}, {@code J_k = 1 − (g − cumsum(t)_k)/(g +
   * cumsum(1 − t)_k)} (Berman et al. 2018, lovasz_grad), over the first {@code m} entries of
   * {@code errors} (descending, all > 0 or NaN) and {@code targets}; {@code g} is the target weight
   * of all pixels, including those with error <= 0 that are not listed. Plain sums within blocks
   * of 4096 terms, compensated across blocks.
   *
   * <p>Precision of the cumulative weights {@code pos = cumsum(t)} and {@code neg = cumsum(1 − t)}:
   * plain double running sums, as the reference's float64 {@code cumsum} (part of the gradient's
   * definition, and this loop is per pixel). Exact for 0/1 targets (whole numbers below 2^53); with
   * soft targets the k-th carries a rounding error of at most about k·2^−53 times itself (in
   * practice about √k·2^−53).
   */
  static double dot(double[] errors, double[] targets, int m, double g) {
    NeumaierSum total = new NeumaierSum();
    double pos = 0.0;
    double neg = 0.0;
    double previous = 0.0;
    for (int start = 0; start < m; start += BLOCK) {
      int end = Math.min(m, start + BLOCK);
      double block = 0.0;
      for (int k = start; k < end; k++) {
        double t = targets[k];
        pos += t;
        neg += 1.0 - t;
        // J_k = jaccard(g, pos, neg) written out (pos + neg > 0 here): no call in the per-pixel loop
        double j = 1.0 - (g - pos) / (g + neg);
        block += errors[k] * (j - previous);
        previous = j;
      }
      total.add(block);
    }
    return total.value();
  }
}
