package io.segeval.core.lovasz;

/** {@link HingeKeys} as a plain loop; also the vector scan's path for the vectors it cannot decide. */
final class ScalarHingeKeys implements HingeKeys {
  @Override
  public long collect(double[] logits, double[] targets, int n, long[] keys, LovaszWorkspace ws) {
    ws.sortedCount = 0;
    return collect(logits, targets, 0, n, keys, ws);
  }

  /** Appends the keys of {@code [from, to)} after the {@code ws.sortedCount} already there. */
  static long collect(double[] logits, double[] targets, int from, int to, long[] keys, LovaszWorkspace ws) {
    int m = ws.sortedCount;
    long positives = 0;
    for (int j = from; j < to; j++) {
      double x = logits[j];
      double t = targets[j];
      float xf = (float) x;
      if (xf != x) {
        return -1; // not a float (or NaN)
      }
      float margin;
      long label;
      if (t == 1.0) {
        margin = xf;
        label = 1;
        positives++;
      } else if (t == 0.0) {
        margin = -xf;
        label = 0;
      } else {
        return -1;
      }
      // e = 1 − m > 0 iff m < 1
      if (margin < 1f) {
        keys[m++] = (RadixSort.sortableKey(margin) << 1) | label;
      }
    }
    ws.sortedCount = m;
    return positives;
  }
}
