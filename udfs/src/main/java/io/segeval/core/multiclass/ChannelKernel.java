package io.segeval.core.multiclass;

/**
 * The loops over channels of {@link MulticlassImagePass}, on a tile of pixels: predictions are
 * channel-major ({@code pred[c*n + start + j]} is channel c of the tile's pixel j), and every
 * method covers the tile's pixels {@code j in [from, to)}. {@link ScalarChannelKernel} is the
 * reference; {@link ChannelKernels} picks the vector one when the JVM has the Vector API.
 */
interface ChannelKernel {
  /**
   * {@code max[j] = max_c x_cj} and {@code argmax[j]} its channel (as an exact double; ties go to
   * the lowest channel: only a strictly greater value moves it). Returns false if a value lies
   * outside [lo, hi] or is NaN (the other outputs are then unusable).
   */
  boolean maxAndArgmax(double[] pred, int n, int start, int from, int to, double lo, double hi,
      double[] max, double[] argmax);

  /** {@code e_cj = exp(x_cj − max_j)} into {@code exps[c*stride + j]}, {@code sumExp[j] = Σ_c e_cj}. */
  void exp(double[] pred, int n, int start, int from, int to, double[] max, double[] exps, int stride,
      double[] sumExp);

  /** {@code logS[j] = log(s[j])} and {@code inv[j] = 1 / s[j]} (of the softmax's sums S_j). */
  void logAndReciprocal(double[] s, double[] logS, double[] inv, int from, int to);

  /** {@code Σ_j a[offset + j]·w[j]}. */
  double dot(double[] a, int offset, double[] w, int from, int to);

  /** {@code out[outOffset + j] = a[offset + j]·w[j]}. */
  void scale(double[] a, int offset, double[] w, double[] out, int outOffset, int from, int to);
}
