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
