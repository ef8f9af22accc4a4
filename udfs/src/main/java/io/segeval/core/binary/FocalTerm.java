package io.segeval.core.binary;

/**
 * focal = α_t·(1 − p_t)^γ·bce, p_t = p·t + (1−p)(1−t), α_t = α·t + (1−α)(1−t)
 * (torchvision {@code sigmoid_focal_loss}); an integer γ is a multiplication, not {@code pow}.
 */
final class FocalTerm {
  final double alpha;
  final double gamma;
  /** γ when it is an integer in [0, 16], else −1 (then {@code pow}). */
  final int intGamma;

  FocalTerm(BinaryParams params) {
    alpha = params.focalAlpha();
    gamma = params.focalGamma();
    intGamma = gamma == Math.rint(gamma) && gamma <= 16 ? (int) gamma : -1;
  }

  /** {@code q} is 1 − p computed without cancellation. */
  double term(double p, double q, double t, double bce) {
    // 1 − p_t = 1 − (p·t + (1−p)(1−t)) = p(1−t) + (1−p)t
    double oneMinusPt = p * (1 - t) + q * t;
    double modulator;
    if (intGamma == 2) {
      modulator = oneMinusPt * oneMinusPt;
    } else if (intGamma >= 0) {
      modulator = 1.0;
      for (int k = 0; k < intGamma; k++) {
        modulator *= oneMinusPt;
      }
    } else {
      modulator = Math.pow(oneMinusPt, gamma);
    }
    // α_t·(1 − p_t)^γ·bce, α_t = α·t + (1−α)(1−t)
    return (alpha * t + (1 - alpha) * (1 - t)) * modulator * bce;
  }
}
