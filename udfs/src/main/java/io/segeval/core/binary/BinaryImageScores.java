package io.segeval.core.binary;

import io.segeval.core.InputKind;

/**
 * One image's own scores, the row SegEval writes to {@code per_image/} (spec §6; key names as in
 * the reference {@code per_image}). Soft scores use the smoothing s; an image with no positive
 * pixel in prediction and target scores 1 in hard Dice and hard IoU (nothing to find, nothing
 * found), unlike the dataset-wide hard metrics, which are null on an empty denominator.
 *
 * <p>An undefined value is null, never NaN: {@code bce}, {@code focal_loss} and
 * {@code lovasz_hinge_loss} of an image with no pixels, or of hard-label predictions
 * ({@link BinaryMetric#computableFrom}). The soft and hard scores lie in [0, 1]. {@code bce} and
 * {@code focal_loss} are finite: an image whose own loss sums pass the double range (logits near
 * ±1e308, in one block of pixels or added up over several) is a bad record ({@link BinaryCounts}).
 *
 * @param bce the image's mean BCE, or null
 * @param focalLoss the image's mean focal loss, or null
 * @param lovaszHingeLoss the image's Lovász hinge, or null (not computed, or no pixels)
 */
public record BinaryImageScores(
    long pixels,
    double dice,
    double iou,
    double tversky,
    Double bce,
    Double focalLoss,
    Double lovaszHingeLoss,
    long tp,
    long fp,
    long fn,
    long tn,
    double hardDice,
    double hardIou) {

  /**
   * The scores of an image whose pixels are summarised by {@code counts}, from predictions of kind
   * {@code input}; {@code lovaszHingeLoss} null when it was not computed.
   */
  public static BinaryImageScores of(BinaryCounts counts, InputKind input, Double lovaszHingeLoss) {
    return new BinaryImageScores(
        counts.pixels(),
        orOne(BinaryMetric.DICE.value(counts)),
        orOne(BinaryMetric.IOU.value(counts)),
        orOne(BinaryMetric.TVERSKY.value(counts)),
        ifComputable(BinaryMetric.BCE, input, BinaryMetric.BCE.value(counts)),
        ifComputable(BinaryMetric.FOCAL_LOSS, input, BinaryMetric.FOCAL_LOSS.value(counts)),
        counts.pixels() == 0 ? null : ifComputable(BinaryMetric.LOVASZ_HINGE_LOSS, input, lovaszHingeLoss),
        counts.tp(),
        counts.fp(),
        counts.fn(),
        counts.tn(),
        orOne(BinaryMetric.HARD_DICE.value(counts)),
        orOne(BinaryMetric.HARD_IOU.value(counts)));
  }

  /**
   * An image's 0/0 scores 1: a soft score's (smooth 0, nothing predicted, nothing to find), and
   * hard Dice's and IoU's (tp + fp + fn = 0, no positive pixel in prediction or target).
   */
  private static double orOne(Double v) {
    return v == null ? 1.0 : v;
  }

  /** The value, or null where predictions of kind {@code input} cannot give {@code metric}. */
  private static Double ifComputable(BinaryMetric metric, InputKind input, Double value) {
    return metric.computableFrom(input) ? value : null;
  }
}
