package io.segeval.bench;

import java.util.Locale;

/**
 * The additive state of the binary losses as a naive route computes it (spec §2): n, I = Σ p·t,
 * P = Σ p, T = Σ t, B = Σ bce, F = Σ focal, W = Σ wce and the hard counts; and the dataset
 * values the comparison prints, with the default parameters (s = 1).
 */
record BinarySums(long n, double i, double p, double t, double b, double f, double w,
    long tp, long fp, long fn, long tn) {

  double dice() {
    return (2 * i + 1) / (p + t + 1);
  }

  double iou() {
    return (i + 1) / (p + t - i + 1);
  }

  double bce() {
    return b / n;
  }

  String describe() {
    return String.format(Locale.ROOT, "dice %.6f  iou %.6f  bce %.6f  focal %.6f  tp %d  fp %d", dice(), iou(), bce(),
        f / n, tp, fp);
  }
}
