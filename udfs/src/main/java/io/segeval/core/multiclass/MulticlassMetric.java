package io.segeval.core.multiclass;

import java.util.EnumSet;
import java.util.Set;

/**
 * The dataset-wide multiclass results of spec §3 under their {@code summary.json} keys
 * ({@code dataset.<key>}). A value that cannot be computed is {@code null}: every metric of an
 * empty state (n = 0), {@code ce} and {@code soft_dice_loss} for label predictions, and
 * {@code lovasz_softmax_loss}, which needs all probabilities sorted and is computed by the Lovász
 * stage, not from {@link MulticlassCounts} (see {@link MulticlassSummary#withLovaszSoftmax}).
 */
public enum MulticlassMetric {
  /** Mean of the non-null per-class IoU. */
  MIOU("miou"),
  /** Mean of the non-null per-class Dice. */
  MDICE("mdice"),
  /** Mean of the non-null per-class accuracy (recall). */
  MACC("macc"),
  /** trace(M) / n. */
  AACC("aacc"),
  /** CE / n, the mean cross-entropy. */
  CE("ce"),
  /** 1 − mean over classes with T_c > 0 of (2 I_c + s) / (P_c + T_c + s). */
  SOFT_DICE_LOSS("soft_dice_loss"),
  /** Lovász-softmax over all pixels as one vector; not computable from the counts. */
  LOVASZ_SOFTMAX_LOSS("lovasz_softmax_loss");

  /** The metrics where smaller is better. */
  private static final Set<MulticlassMetric> LOSSES = EnumSet.of(CE, SOFT_DICE_LOSS, LOVASZ_SOFTMAX_LOSS);

  /** The metrics that need probabilities, not a label map. */
  private static final Set<MulticlassMetric> NEED_SCORES = EnumSet.of(CE, SOFT_DICE_LOSS, LOVASZ_SOFTMAX_LOSS);

  private final String key;

  MulticlassMetric(String key) {
    this.key = key;
  }

  /** The name under {@code dataset} in {@code summary.json}. */
  public String key() {
    return key;
  }

  /** Whether the value comes from {@link MulticlassCounts} (all but the Lovász loss). */
  public boolean fromCounts() {
    return this != LOVASZ_SOFTMAX_LOSS;
  }

  /** Whether smaller is better (a loss), for quality gates: the cross-entropy and the two losses. */
  public boolean isLoss() {
    return LOSSES.contains(this);
  }

  /** What hard labels cannot give: CE, the soft Dice and Lovász need probabilities (null for labels). */
  public boolean needsScores() {
    return NEED_SCORES.contains(this);
  }
}
