package io.segeval.core.lovasz;

/** {@link SoftmaxKeys} as a plain loop; also the vector scan's path for the vectors it cannot decide. */
final class ScalarSoftmaxKeys implements SoftmaxKeys {
  @Override
  public int collect(double[] probs, int c, double[] labels, int n, int ignoreIndex, double below, long[] keys) {
    return collect(probs, c, labels, n, ignoreIndex, below, keys, 0, n, 0);
  }

  /** Writes the keys of pixels {@code [from, to)} from {@code keys[m]} on; returns the new count. */
  static int collect(double[] probs, int c, double[] labels, int n, int ignoreIndex, double below, long[] keys,
      int from, int to, int m) {
    int offset = c * n;
    for (int j = from; j < to; j++) {
      double l = labels[j];
      long fg = l == c ? 1L : 0L;
      // e = |[t=c] − p_c|
      double e = Math.abs((double) fg - probs[offset + j]);
      // NaN made canonical (positive) by doubleToLongBits
      keys[m] = ((Long.MAX_VALUE - Double.doubleToLongBits(e)) << 1) | fg;
      // kept unless ignored, e <= 0, or background with e < below (no branch: a kept key is moved
      // past; & and |, not && and ||, which may branch on conditions that follow no pattern)
      m += (l != ignoreIndex) & !(e <= 0.0) & ((fg == 1L) | !(e < below)) ? 1 : 0;
    }
    return m;
  }
}
