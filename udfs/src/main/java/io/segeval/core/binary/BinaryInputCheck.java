package io.segeval.core.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.BadPredictionValueException;
import io.segeval.core.InputKind;
import io.segeval.core.PixelGrid;
import io.segeval.core.ProbabilityOutOfRangeException;

/** Finds and describes the first pixel that makes an image unusable for the binary metrics. */
final class BinaryInputCheck {
  private BinaryInputCheck() {}

  /** Called only after the fused pass saw a problem, so it may be slow. */
  static BadRecordException firstBadPixel(double[] pred, double[] target, int length, PixelGrid grid, InputKind kind) {
    BadRecordException bad = badPixel(pred, target, length, grid, kind);
    // Else finite logits whose loss sums left the double range.
    return bad != null ? bad
        : new BadRecordException("the loss sums of this image are not finite (logits near the double range, ±1.8e308)");
  }

  /**
   * Whether the BCE sum of these logits could leave the double range: bce = max(x,0) − x·t +
   * log1p(exp(−|x|)) ≤ |x| + log 2 for t in [0, 1], so B ≤ Σ|x| + n·log 2, far below 1.8e308
   * unless Σ|x| is near it.
   */
  static boolean bceMayOverflow(double[] logits, int length) {
    double sumAbs = 0;
    for (int j = 0; j < length; j++) {
      sumAbs += Math.abs(logits[j]);
    }
    return !(sumAbs < 1e306);
  }

  /** The first pixel the fused pass refuses, described, or null when there is none. */
  static BadRecordException badPixel(double[] pred, double[] target, int length, PixelGrid grid, InputKind kind) {
    for (int j = 0; j < length; j++) {
      double x = pred[j];
      if (!Double.isFinite(x)) {
        return new BadPredictionValueException(Reason.of("non-finite prediction {} at {}", x, grid.at(j)), x);
      }
      if (kind == InputKind.PROBABILITIES && !(x >= 0 && x <= 1)) {
        return new ProbabilityOutOfRangeException(
            Reason.of("probability {} outside [0, 1] at {}", x, grid.at(j)), x);
      }
      double t = target[j];
      if (!(t >= 0 && t <= 1)) {
        return BadRecordException.inTarget(Reason.of(
            "target value {} at {} is not a binary target (0, 1 or 255, or a soft value in [0, 1])",
            t, grid.at(j)));
      }
    }
    return null;
  }
}
