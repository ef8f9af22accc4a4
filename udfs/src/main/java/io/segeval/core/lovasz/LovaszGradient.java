package io.segeval.core.lovasz;

import io.segeval.core.NeumaierSum;

/** The Lovász extension of the Jaccard loss applied to errors already sorted in descending order. */
final class LovaszGradient {
  /** Terms summed plainly before the compensated sum across blocks. */
  static final int BLOCK = 4096;
  /** Doubles of the state carried from block to block: pos, neg and the last J. */
  private static final int RUNNING = 3;

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
   * of {@value #BLOCK} terms, compensated across blocks.
   *
   * <p>Precision of the cumulative weights {@code pos = cumsum(t)} and {@code neg = cumsum(1 − t)}:
   * plain double running sums, as the reference's float64 {@code cumsum} (part of the gradient's
   * definition, and this loop is per pixel). Exact for 0/1 targets (whole numbers below 2^53); with
   * soft targets the k-th carries a rounding error of at most about k·2^−53 times itself (in
   * practice about √k·2^−53).
   */
  static double dot(double[] errors, double[] targets, int m, double g) {
    NeumaierSum total = new NeumaierSum();
    double[] running = new double[RUNNING];
    for (int start = 0; start < m; start += BLOCK) {
      total.add(block(errors, targets, start, Math.min(m, start + BLOCK), g, running));
    }
    return total.value();
  }

  /**
   * {@link #dot} over the sorted keys of {@link SoftmaxKeys} ({@code keys[0, m)} ascending), each
   * block of {@value #BLOCK} unpacked into {@code errors} and {@code targets} (at least that long)
   * just before its sum: the same terms in the same order, without writing the whole unpacked arrays.
   */
  static double dotSortedKeys(long[] keys, int m, double g, double[] errors, double[] targets) {
    NeumaierSum total = new NeumaierSum();
    double[] running = new double[RUNNING];
    for (int start = 0; start < m; start += BLOCK) {
      int length = Math.min(m - start, BLOCK);
      LovaszSoftmax.unpack(keys, start, length, errors, targets);
      total.add(block(errors, targets, 0, length, g, running));
    }
    return total.value();
  }

  /**
   * The plain sum of the terms {@code k in [from, to)} of {@link #dot}, {@code running} = {pos,
   * neg, J_{k−1}} before the first and after the last (all 0 before any pixel).
   */
  private static double block(double[] errors, double[] targets, int from, int to, double g, double[] running) {
    double pos = running[0];
    double neg = running[1];
    double previous = running[2];
    double block = 0.0;
    for (int k = from; k < to; k++) {
      double t = targets[k];
      pos += t;
      neg += 1.0 - t;
      // J_k = jaccard(g, pos, neg) written out (pos + neg > 0 here): no call in the per-pixel loop
      double j = 1.0 - (g - pos) / (g + neg);
      block += errors[k] * (j - previous);
      previous = j;
    }
    running[0] = pos;
    running[1] = neg;
    running[2] = previous;
    return block;
  }
}
