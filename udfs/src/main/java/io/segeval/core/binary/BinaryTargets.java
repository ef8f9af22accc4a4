package io.segeval.core.binary;

/** Binary target conventions: 0 is background, 1 or 255 foreground (8-bit masks), soft values in [0, 1]. */
public final class BinaryTargets {
  private BinaryTargets() {}

  /** The 8-bit mask value that means foreground, besides 1. */
  public static final double FOREGROUND_255 = 255.0;

  /**
   * Maps 255 to 1 in place in the first {@code length} values; everything else is left for the
   * kernel to check (it refuses values outside [0, 1] with the pixel's position).
   */
  public static void normalize(double[] target, int length) {
    for (int j = 0; j < length; j++) {
      if (target[j] == FOREGROUND_255) {
        target[j] = 1.0;
      }
    }
  }

  /**
   * The largest value when the first {@code length} values (255 already mapped to 1) are all whole
   * numbers from 0 to 65535 and one is at least 2: a mask of class ids (BraTS 0/1/2/4, a
   * multiclass mask) given to the binary task; else -1.
   */
  public static int largestClassId(double[] target, int length) {
    double largest = -1;
    for (int j = 0; j < length; j++) {
      double t = target[j];
      if (!(t >= 0 && t <= 65535 && t == Math.rint(t))) {
        return -1;
      }
      largest = Math.max(largest, t);
    }
    return largest >= 2 ? (int) largest : -1;
  }

  /**
   * Whether the first {@code length} values hold a negative one: no mask does, logits mostly do, so
   * a refused target that does was likely the prediction (the job and SQL ask so).
   */
  public static boolean holdsNegative(double[] target, int length) {
    for (int j = 0; j < length; j++) {
      if (target[j] < 0) {
        return true;
      }
    }
    return false;
  }
}
