package io.segeval.core.binary;

/**
 * wce = −(a·t·log q + (1−a)(1−t)·log(1−q)), q = clamp(p, eps, 1−eps) (Taghanaki et al. 2019).
 * The clamped logs are those of the clamped value as a float64 program computes them.
 */
final class ComboTerm {
  final double a;
  final double lo;
  final double hi;
  final double logLo;
  final double log1mLo;
  final double logHi;
  final double log1mHi;

  ComboTerm(BinaryParams params) {
    a = params.comboAlpha();
    lo = params.comboEps();
    hi = 1.0 - lo;
    logLo = Math.log(lo);
    log1mLo = Math.log(1.0 - lo);
    logHi = Math.log(hi);
    log1mHi = Math.log(1.0 - hi);
  }

  /** {@code logP} and {@code log1mP} are log p and log(1 − p) of the unclamped p. */
  double term(double p, double logP, double log1mP, double t) {
    // q = clamp(p, eps, 1 − eps): the logs of the bound where p lies outside
    double logQ = p < lo ? logLo : p > hi ? logHi : logP;
    double log1mQ = p < lo ? log1mLo : p > hi ? log1mHi : log1mP;
    // wce = −(a·t·log q + (1−a)(1−t)·log(1−q))
    return -(a * t * logQ + (1 - a) * (1 - t) * log1mQ);
  }
}
