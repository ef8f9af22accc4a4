package io.segeval.core.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.core.PixelPosition;

/** Finds and describes the first pixel that makes an image unusable for the binary metrics. */
final class BinaryInputCheck {
  private BinaryInputCheck() {}

  /** Called only after the fused pass saw a problem, so it may be slow. */
  static BadRecordException firstBadPixel(double[] pred, double[] target, int length, int width, InputKind kind) {
    BadRecordException bad = badPixel(pred, target, length, width, kind);
    // Else the sums overflowed without a bad pixel (not reachable with finite inputs in [0, 1]).
    return bad != null ? bad : new BadRecordException("the loss sums of this image are not finite");
  }

  /** The first pixel the fused pass refuses, described, or null when there is none. */
  static BadRecordException badPixel(double[] pred, double[] target, int length, int width, InputKind kind) {
    for (int j = 0; j < length; j++) {
      double x = pred[j];
      if (!Double.isFinite(x)) {
        return new BadRecordException("non-finite prediction " + x + " at " + PixelPosition.of(j, width));
      }
      if (kind == InputKind.PROBABILITIES && !(x >= 0 && x <= 1)) {
        return new ProbabilityOutOfRangeException("probability " + x + " outside [0, 1] at " + PixelPosition.of(j, width));
      }
      double t = target[j];
      if (!(t >= 0 && t <= 1)) {
        return BadRecordException.inTarget("target value " + t + " at " + PixelPosition.of(j, width)
            + " is not a binary target (0, 1 or 255, or a soft value in [0, 1])");
      }
    }
    return null;
  }
}
