package io.segeval.core.binary;

import io.segeval.core.RefusedArgumentException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The binary loss parameters (spec §1), in spec order, each with its key (the name in
 * {@code summary.json}'s {@code params} and in the SQL option string, e.g. {@code tversky_alpha}),
 * its valid range, and where it {@link Enters}: a sum of {@link BinaryCounts}, fixed once the
 * pixels are summed, or only the final formulas of {@link BinaryMetric}, where a stored state can
 * take another value. {@link BinaryParams} holds the values.
 */
public enum BinaryParam {
  SMOOTH(0, Double.MAX_VALUE, "a number >= 0", BinaryParams::smooth, Enters.RESULTS),
  // an open interval (lo, hi) is, in double, [nextUp(lo), nextDown(hi)]
  THRESHOLD(Math.nextUp(0.0), Math.nextDown(1.0), "strictly between 0 and 1", BinaryParams::threshold,
      Enters.HARD_COUNTS),
  TVERSKY_ALPHA(0, 1, "in [0, 1]", BinaryParams::tverskyAlpha, Enters.RESULTS),
  TVERSKY_BETA(0, 1, "in [0, 1]", BinaryParams::tverskyBeta, Enters.RESULTS),
  FOCAL_ALPHA(0, 1, "in [0, 1]", BinaryParams::focalAlpha, Enters.FOCAL_SUM),
  FOCAL_GAMMA(0, Double.MAX_VALUE, "a number >= 0", BinaryParams::focalGamma, Enters.FOCAL_SUM),
  COMBO_ALPHA(0, 1, "in [0, 1]", BinaryParams::comboAlpha, Enters.WCE_SUM),
  COMBO_CE_RATIO(0, 1, "in [0, 1]", BinaryParams::comboCeRatio, Enters.RESULTS),
  COMBO_EPS(BinaryParams.MIN_COMBO_EPS, Math.nextDown(0.5),
      "at least " + BinaryParams.MIN_COMBO_EPS + " (1 − combo_eps must be below 1 in double) and below 0.5",
      BinaryParams::comboEps, Enters.WCE_SUM);

  /**
   * Where a parameter's value is used: in the kernels (BinaryKernels, FocalTerm, ComboTerm), i.e. in
   * a stored sum, or only in {@link BinaryMetric}'s formulas over the sums.
   */
  public enum Enters {
    /** Only the final formulas: smooth, tversky_alpha, tversky_beta, combo_ce_ratio. */
    RESULTS("only the final formulas"),
    /** p >= threshold decides tp, fp, fn, tn. */
    HARD_COUNTS("the hard counts tp, fp, fn, tn"),
    /** α_t·(1 − p_t)^γ·bce is summed into F. */
    FOCAL_SUM("the focal sum F"),
    /** −(a·t·log q + (1−a)(1−t)·log(1−q)), q clamped at eps, is summed into W. */
    WCE_SUM("Combo's cross-entropy sum W");

    private final String what;

    Enters(String what) {
      this.what = what;
    }

    /** What it is, for messages: "the hard counts tp, fp, fn, tn". */
    public String what() {
      return what;
    }
  }

  private final double lo;
  private final double hi;
  private final String range;
  private final ToDoubleFunction<BinaryParams> value;
  private final Enters enters;

  BinaryParam(double lo, double hi, String range, ToDoubleFunction<BinaryParams> value, Enters enters) {
    this.lo = lo;
    this.hi = hi;
    this.range = range;
    this.value = value;
    this.enters = enters;
  }

  /** Where the value is used: a stored sum, or only the final formulas. */
  public Enters enters() {
    return enters;
  }

  /** Whether only the final formulas use it, so that a stored state's metrics can take another value. */
  public boolean resultOnly() {
    return enters == Enters.RESULTS;
  }

  /** The keys of the {@link #resultOnly} parameters, in spec order. */
  public static List<String> resultOnlyKeys() {
    return Arrays.stream(values()).filter(BinaryParam::resultOnly).map(BinaryParam::key).toList();
  }

  /** The spec key: {@code tversky_alpha}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This parameter's value in {@code params}. */
  public double of(BinaryParams params) {
    return value.applyAsDouble(params);
  }

  /** The parameter of a spec key; refuses an unknown key, listing the known ones. */
  public static BinaryParam ofKey(String key) {
    for (BinaryParam p : values()) {
      if (p.key().equals(key)) {
        return p;
      }
    }
    throw new RefusedArgumentException("unknown binary parameter '" + key + "' (expected one of " + keys() + ")");
  }

  /** Whether {@code key} is a parameter's spec key. */
  public static boolean isKey(String key) {
    return keys().contains(key);
  }

  /** Every spec key, in spec order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(BinaryParam::key).toList();
  }

  /** Refuses a value outside the range (NaN included), naming the key. */
  void requireValid(double v) {
    if (!(v >= lo && v <= hi)) {
      throw new RefusedArgumentException(key() + " must be " + range + ", got " + v);
    }
  }
}
