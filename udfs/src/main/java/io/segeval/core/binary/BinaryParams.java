package io.segeval.core.binary;

import io.segeval.core.KeyValueList;
import io.segeval.core.RefusedArgumentException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of the binary losses (spec §1), immutable and validated. Their keys and ranges
 * are {@link BinaryParam}'s: the names of {@code summary.json}'s {@code params} block and of the
 * SQL option string ({@code "tversky_alpha=0.3,tversky_beta=0.7"}).
 *
 * @param smooth additive smoothing s of Dice, IoU, Tversky (>= 0)
 * @param threshold a pixel is predicted positive iff p >= threshold, in (0, 1)
 * @param tverskyAlpha weight of false positives in Tversky, in [0, 1]
 * @param tverskyBeta weight of false negatives in Tversky, in [0, 1]
 * @param focalAlpha focal loss class balance, in [0, 1]
 * @param focalGamma focal loss focusing exponent, >= 0
 * @param comboAlpha weight of the positive term in Combo's weighted cross-entropy, in [0, 1]
 * @param comboCeRatio weight r of the cross-entropy against Dice in Combo, in [0, 1]
 * @param comboEps clamp of p in Combo's cross-entropy, in (0, 0.5) and at least {@link #MIN_COMBO_EPS}
 */
public record BinaryParams(
    double smooth,
    double threshold,
    double tverskyAlpha,
    double tverskyBeta,
    double focalAlpha,
    double focalGamma,
    double comboAlpha,
    double comboCeRatio,
    double comboEps)
    implements Serializable {

  // The defaults (spec §5), the one source of the SQL functions', the command line's
  // (EvaluateCommand) and conf/segeval.properties' (which a test compares with the command's).
  public static final double DEFAULT_SMOOTH = 1.0;
  public static final double DEFAULT_THRESHOLD = 0.5;
  public static final double DEFAULT_TVERSKY_ALPHA = 0.5;
  public static final double DEFAULT_TVERSKY_BETA = 0.5;
  public static final double DEFAULT_FOCAL_ALPHA = 0.8;
  public static final double DEFAULT_FOCAL_GAMMA = 2.0;
  public static final double DEFAULT_COMBO_ALPHA = 0.5;
  public static final double DEFAULT_COMBO_CE_RATIO = 0.5;
  public static final double DEFAULT_COMBO_EPS = 1e-9;

  public static final BinaryParams DEFAULTS = new BinaryParams(DEFAULT_SMOOTH, DEFAULT_THRESHOLD,
      DEFAULT_TVERSKY_ALPHA, DEFAULT_TVERSKY_BETA, DEFAULT_FOCAL_ALPHA, DEFAULT_FOCAL_GAMMA, DEFAULT_COMBO_ALPHA,
      DEFAULT_COMBO_CE_RATIO, DEFAULT_COMBO_EPS);

  /**
   * The smallest combo_eps: below about 5.6e-17 (2^-54), 1 − eps rounds to 1 in double, so the
   * upper clamp q <= 1 − eps is no clamp, and a probability of exactly 1 makes log(1 − q) infinite
   * (the image would be refused). From 1e-16 on, 1 − eps < 1 and every clamped log is finite.
   */
  public static final double MIN_COMBO_EPS = 1e-16;

  /** What the option string is called in messages. */
  public static final String OPTION_NAME = "binary options";

  /** What the option string of a state's result ({@link #withResultParams}) is called in messages. */
  public static final String RESULT_OPTION_NAME = "result options";

  public BinaryParams {
    double[] values = {smooth, threshold, tverskyAlpha, tverskyBeta, focalAlpha, focalGamma, comboAlpha,
        comboCeRatio, comboEps}; // in BinaryParam order
    for (BinaryParam p : BinaryParam.values()) {
      p.requireValid(values[p.ordinal()]);
    }
  }

  /**
   * The logit threshold: p >= threshold iff x >= log(threshold / (1 - threshold)). Deciding on the
   * logit means rounding in the sigmoid can never flip a pixel; at 0.5 it is exactly 0, and -0.0
   * counts as positive.
   */
  public double logitThreshold() {
    return threshold == 0.5 ? 0.0 : Math.log(threshold / (1 - threshold));
  }

  /** The parameters by their spec key, in spec order (for {@code summary.json}). */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (BinaryParam p : BinaryParam.values()) {
      m.put(p.key(), p.of(this));
    }
    return m;
  }

  /** These parameters with the one named by its spec key replaced. */
  public BinaryParams with(String key, double v) {
    BinaryParam replaced = BinaryParam.ofKey(key);
    double[] x = new double[BinaryParam.values().length];
    for (BinaryParam p : BinaryParam.values()) {
      x[p.ordinal()] = p == replaced ? v : p.of(this);
    }
    return new BinaryParams(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8]); // in BinaryParam order
  }

  /**
   * Parses {@code "key=value,key=value"} ({@link KeyValueList}) over the defaults, e.g. the SQL
   * option string {@code "tversky_alpha=0.3,tversky_beta=0.7"}. Blank means the defaults.
   */
  public static BinaryParams parse(String options) {
    return of(KeyValueList.parse(options, OPTION_NAME));
  }

  /** The defaults with each parameter of {@code values} (spec key → number as text) replaced. */
  public static BinaryParams of(Map<String, String> values) {
    BinaryParams p = DEFAULTS;
    for (Map.Entry<String, String> e : values.entrySet()) {
      p = p.with(e.getKey(), number(e.getKey(), e.getValue()));
    }
    return p;
  }

  /**
   * These parameters with those of {@code options} ({@code "tversky_alpha=0.3,smooth=0"}) replaced,
   * which may only be {@link BinaryParam#resultOnly} ones: the others entered the sums of a state
   * (the hard counts, F, W) and cannot change after the pass. Null or blank changes nothing.
   *
   * @throws RefusedArgumentException for another key, naming the allowed ones and what the key
   *     entered, or a value that is not a number or out of range
   */
  public BinaryParams withResultParams(String options) {
    BinaryParams p = this;
    for (Map.Entry<String, String> e : KeyValueList.parse(options, RESULT_OPTION_NAME).entrySet()) {
      requireResultOnly(e.getKey());
      p = p.with(e.getKey(), number(e.getKey(), e.getValue()));
    }
    return p;
  }

  private static void requireResultOnly(String key) {
    String allowed = "result options take only " + BinaryParam.resultOnlyKeys() + ", the parameters that enter "
        + BinaryParam.Enters.RESULTS.what();
    if (!BinaryParam.isKey(key)) {
      throw new RefusedArgumentException("unknown result parameter '" + key + "': " + allowed);
    }
    BinaryParam p = BinaryParam.ofKey(key);
    if (!p.resultOnly()) {
      throw new RefusedArgumentException(key + " cannot change after the pass: it entered " + p.enters().what()
          + " of the state (build the state again with it); " + allowed);
    }
  }

  /** Whether the parameters that enter the sums ({@link BinaryParam#resultOnly} aside) are equal. */
  public boolean sameSums(BinaryParams other) {
    for (BinaryParam p : BinaryParam.values()) {
      if (!p.resultOnly() && Double.compare(p.of(this), p.of(other)) != 0) {
        return false;
      }
    }
    return true;
  }

  private static double number(String key, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException x) {
      throw new RefusedArgumentException(key + " must be a number, got '" + text + "'");
    }
  }

  /** The parameters that differ, as "key=this vs key=other" joined by ", ": {@code threshold=0.5 vs threshold=0.3}. */
  public String differencesFrom(BinaryParams other) {
    StringBuilder b = new StringBuilder();
    for (BinaryParam p : BinaryParam.values()) {
      if (Double.compare(p.of(this), p.of(other)) != 0) {
        b.append(b.length() > 0 ? ", " : "").append(p.key()).append('=').append(p.of(this))
            .append(" vs ").append(p.key()).append('=').append(p.of(other));
      }
    }
    return b.toString();
  }

  /** The canonical option string; {@code parse(toOptionString())} gives these parameters back. */
  public String toOptionString() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : asMap().entrySet()) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(e.getKey()).append('=').append(e.getValue());
    }
    return b.toString();
  }
}
