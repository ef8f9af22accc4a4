package io.segeval.core.binary;

import io.segeval.core.RefusedArgumentException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The binary loss parameters (spec §1), in spec order, each with its key (the name in
 * {@code summary.json}'s {@code params} and in the SQL option string, e.g. {@code tversky_alpha})
 * and its valid range. {@link BinaryParams} holds the values.
 */
public enum BinaryParam {
  SMOOTH(0, Double.MAX_VALUE, "a number >= 0", BinaryParams::smooth),
  // an open interval (lo, hi) is, in double, [nextUp(lo), nextDown(hi)]
  THRESHOLD(Math.nextUp(0.0), Math.nextDown(1.0), "strictly between 0 and 1", BinaryParams::threshold),
  TVERSKY_ALPHA(0, 1, "in [0, 1]", BinaryParams::tverskyAlpha),
  TVERSKY_BETA(0, 1, "in [0, 1]", BinaryParams::tverskyBeta),
  FOCAL_ALPHA(0, 1, "in [0, 1]", BinaryParams::focalAlpha),
  FOCAL_GAMMA(0, Double.MAX_VALUE, "a number >= 0", BinaryParams::focalGamma),
  COMBO_ALPHA(0, 1, "in [0, 1]", BinaryParams::comboAlpha),
  COMBO_CE_RATIO(0, 1, "in [0, 1]", BinaryParams::comboCeRatio),
  COMBO_EPS(BinaryParams.MIN_COMBO_EPS, Math.nextDown(0.5),
      "at least " + BinaryParams.MIN_COMBO_EPS + " (1 − combo_eps must be below 1 in double) and below 0.5",
      BinaryParams::comboEps);

  private final double lo;
  private final double hi;
  private final String range;
  private final ToDoubleFunction<BinaryParams> value;

  BinaryParam(double lo, double hi, String range, ToDoubleFunction<BinaryParams> value) {
    this.lo = lo;
    this.hi = hi;
    this.range = range;
    this.value = value;
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
