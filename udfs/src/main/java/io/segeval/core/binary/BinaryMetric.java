package io.segeval.core.binary;

import io.segeval.core.InputKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The dataset-wide binary scores of spec §2, each a small formula over a {@link BinaryCounts}
 * (in the manner of Spark's {@code BinaryClassificationMetricComputer}s). {@link #key()} is the
 * name used in {@code summary.json}, in SQL result structs and on {@code --fail-under}.
 *
 * <p>{@link #value} returns {@code null} where the formula's denominator is 0 (hard metrics of an
 * empty set), as the spec requires; soft scores always have a value when s > 0.
 * {@link #LOVASZ_HINGE_LOSS} is not a function of the counts: it needs a sort of all pixels and is
 * computed by the Lovász stage, so {@code value} returns null for it.
 *
 * <p>Hard labels ({@code --input labels}) carry no scores: the losses that need them are null,
 * dataset-wide and per image, and listed under {@code not_computable} ({@link #computableFrom}).
 */
public enum BinaryMetric {
  /** (2I + s)/(P + T + s). */
  DICE(c -> ratio(2 * c.intersection() + s(c), c.predSum() + c.targetSum() + s(c))),
  /** 1 − dice. */
  DICE_LOSS(c -> oneMinus(DICE.value(c))),
  /** (I + s)/(P + T − I + s). */
  IOU(c -> ratio(c.intersection() + s(c), c.predSum() + c.targetSum() - c.intersection() + s(c))),
  /** 1 − iou. */
  IOU_LOSS(c -> oneMinus(IOU.value(c))),
  /** (I + s)/(I + α(P − I) + β(T − I) + s), α weighs false positives, β false negatives. */
  TVERSKY(c -> {
    double i = c.intersection();
    BinaryParams p = c.params();
    return ratio(i + s(c),
        i + p.tverskyAlpha() * (c.predSum() - i) + p.tverskyBeta() * (c.targetSum() - i) + s(c));
  }),
  /** 1 − tversky. */
  TVERSKY_LOSS(c -> oneMinus(TVERSKY.value(c))),
  /** B / n. */
  BCE(c -> ratio(c.bceSum(), c.pixels())),
  /** bce + dice_loss. */
  BCE_DICE_LOSS(c -> sum(BCE.value(c), DICE_LOSS.value(c))),
  /** F / n. */
  FOCAL_LOSS(c -> ratio(c.focalSum(), c.pixels())),
  /** r·(W/n) − (1 − r)·dice (Taghanaki et al. 2019). */
  COMBO_LOSS(c -> {
    Double dice = DICE.value(c);
    double r = c.params().comboCeRatio();
    return c.pixels() == 0 || dice == null ? null : r * (c.wceSum() / c.pixels()) - (1 - r) * dice;
  }),
  /** Lovász hinge over all pixels as one vector: from the Lovász stage, not from the counts. */
  LOVASZ_HINGE_LOSS(c -> null),
  /** tp = #{p >= threshold and t >= 0.5}, a hard count. */
  TP(c -> (double) c.tp()),
  /** fp = #{p >= threshold and t < 0.5}. */
  FP(c -> (double) c.fp()),
  /** fn = #{p < threshold and t >= 0.5}. */
  FN(c -> (double) c.fn()),
  /** tn = #{p < threshold and t < 0.5}. */
  TN(c -> (double) c.tn()),
  /** 2tp/(2tp + fp + fn). */
  HARD_DICE(c -> ratio(2.0 * c.tp(), 2.0 * c.tp() + c.fp() + c.fn())),
  /** tp/(tp + fp + fn). */
  HARD_IOU(c -> ratio(c.tp(), (double) c.tp() + c.fp() + c.fn())),
  /** tp/(tp + fp). */
  PRECISION(c -> ratio(c.tp(), (double) c.tp() + c.fp())),
  /** tp/(tp + fn). */
  RECALL(c -> ratio(c.tp(), (double) c.tp() + c.fn())),
  /** (tp + tn)/n. */
  ACCURACY(c -> ratio((double) c.tp() + c.tn(), c.pixels())),
  /** tn/(tn + fp). */
  SPECIFICITY(c -> ratio(c.tn(), (double) c.tn() + c.fp()));

  /** The losses that need scores (logits or probabilities), not 0/1 decisions. */
  private static final Set<BinaryMetric> NEED_SCORES = EnumSet.of(
      BCE, BCE_DICE_LOSS, FOCAL_LOSS, COMBO_LOSS, LOVASZ_HINGE_LOSS);

  /** The metrics where smaller is better. */
  private static final Set<BinaryMetric> LOSSES = EnumSet.of(
      DICE_LOSS, IOU_LOSS, TVERSKY_LOSS, BCE, BCE_DICE_LOSS, FOCAL_LOSS, COMBO_LOSS, LOVASZ_HINGE_LOSS);

  private interface Formula {
    Double apply(BinaryCounts c);
  }

  private final Formula formula;

  BinaryMetric(Formula formula) {
    this.formula = formula;
  }

  /** The spec key, e.g. {@code dice_loss}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the value is a count (written as an integer). */
  public boolean isCount() {
    return this == TP || this == FP || this == FN || this == TN;
  }

  /** Whether {@code key} names a count ({@code tp}, {@code fp}, {@code fn}, {@code tn}). */
  public static boolean isCountKey(String key) {
    for (BinaryMetric m : values()) {
      if (m.isCount() && m.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** Whether predictions of this kind can give the metric: hard labels give none of the losses that need scores. */
  public boolean computableFrom(InputKind input) {
    return input != InputKind.LABELS || !NEED_SCORES.contains(this);
  }

  /** Whether smaller is better (a loss), for quality gates. */
  public boolean isLoss() {
    return LOSSES.contains(this);
  }

  /** Whether the value comes from {@link BinaryCounts} (all but the Lovász hinge, which needs a sort). */
  public boolean fromCounts() {
    return this != LOVASZ_HINGE_LOSS;
  }

  /**
   * The value over the given counts, or null where undefined (a zero denominator). Over counts
   * built from images, never infinite, and NaN only where a sum it reads is NaN ({@link
   * BinaryCounts}: B, F or W past the double range); the counts and the hard metrics (ratios of
   * counts) are always finite.
   */
  public Double value(BinaryCounts counts) {
    return formula.apply(counts);
  }

  private static double s(BinaryCounts c) {
    return c.params().smooth();
  }

  private static Double ratio(double num, double den) {
    return den == 0 ? null : num / den;
  }

  private static Double oneMinus(Double v) {
    return v == null ? null : 1 - v;
  }

  private static Double sum(Double a, Double b) {
    return a == null || b == null ? null : a + b;
  }
}
