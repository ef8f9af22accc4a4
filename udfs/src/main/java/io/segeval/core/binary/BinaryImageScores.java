package io.segeval.core.binary;

/**
 * One image's own scores, the row SegEval writes to {@code per_image/} (spec §6; key names as in
 * the reference {@code per_image}). Soft scores use the smoothing s; an image with no positive
 * pixel in prediction and target scores 1 in hard Dice and hard IoU (nothing to find, nothing
 * found), unlike the dataset-wide hard metrics, which are null on an empty denominator.
 *
 * @param lovaszHingeLoss the image's Lovász hinge, NaN for an image with no pixels
 */
public record BinaryImageScores(
    long pixels,
    double dice,
    double iou,
    double tversky,
    double bce,
    double focalLoss,
    double lovaszHingeLoss,
    long tp,
    long fp,
    long fn,
    long tn,
    double hardDice,
    double hardIou) {

  /** The scores of an image whose pixels are summarised by {@code counts}. */
  public static BinaryImageScores of(BinaryCounts counts, double lovaszHingeLoss) {
    long tp = counts.tp();
    long fp = counts.fp();
    long fn = counts.fn();
    long errorsAndHits = tp + fp + fn;
    return new BinaryImageScores(
        counts.pixels(),
        orOne(BinaryMetric.DICE.value(counts)),
        orOne(BinaryMetric.IOU.value(counts)),
        orOne(BinaryMetric.TVERSKY.value(counts)),
        orNaN(BinaryMetric.BCE.value(counts)),
        orNaN(BinaryMetric.FOCAL_LOSS.value(counts)),
        lovaszHingeLoss,
        tp,
        fp,
        fn,
        counts.tn(),
        errorsAndHits == 0 ? 1.0 : 2.0 * tp / (2.0 * tp + fp + fn),
        errorsAndHits == 0 ? 1.0 : (double) tp / errorsAndHits);
  }

  /** A soft score's 0/0 (smooth 0, nothing predicted, nothing to find) scores 1, like hard Dice. */
  private static double orOne(Double v) {
    return v == null ? 1.0 : v;
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
