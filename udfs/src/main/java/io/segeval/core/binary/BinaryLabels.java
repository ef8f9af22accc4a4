package io.segeval.core.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.PixelGrid;

/**
 * Hard binary prediction labels ({@code --input labels}, SQL {@code input=labels}): 0 is
 * background, 1 or 255 foreground (8-bit masks), read as probabilities 0 and 1. Any other value is
 * no label: the image is refused naming it and its position.
 */
public final class BinaryLabels {
  /**
   * Said of a whole number other than 0, 1 and 255: a multiclass label map, or probabilities kept
   * as an 8-bit image (p·255, as a probability map saved as PNG or uint8 NPY), which as labels
   * would be refused pixel by pixel and as logits would all be positive.
   */
  static final String WHOLE_NUMBER_HINT = "; whole numbers other than 0, 1 and 255 are no binary labels: class ids of"
      + " a multiclass map, or probabilities kept as 8-bit values (p·255), which are read as probabilities once"
      + " divided by 255 and saved as floats";

  private BinaryLabels() {}

  /**
   * Maps the first {@code n} labels in place: 0 → 0, 1 and 255 → 1.
   *
   * @param width the image width, only used to name the row and column of a bad label
   * @param scoresHint words added to the reason when the bad value is fractional or negative: no
   *     label of any kind, the predictions are scores (how to say so differs between the job and SQL);
   *     a whole number adds {@link #WHOLE_NUMBER_HINT}
   * @throws BadRecordException at the first value that is not 0, 1 or 255 (the prediction side)
   */
  public static void toProbabilities(double[] labels, int n, int width, String scoresHint) {
    toProbabilities(labels, n, PixelGrid.image(width), scoresHint);
  }

  /** As {@link #toProbabilities(double[], int, int, String)}; {@code grid} names a bad label's pixel (or voxel). */
  public static void toProbabilities(double[] labels, int n, PixelGrid grid, String scoresHint) {
    for (int j = 0; j < n; j++) {
      double v = labels[j];
      if (v == BinaryTargets.FOREGROUND_255) {
        labels[j] = 1.0;
      } else if (v != 0.0 && v != 1.0) {
        Reason why = Reason.of("prediction label {} at {} is not a binary label (0, 1 or 255)", v,
            grid.at(j));
        throw new BadRecordException(why.then(v >= 0 && v == Math.rint(v) ? WHOLE_NUMBER_HINT : scoresHint),
            BadRecordException.Side.PREDICTION);
      }
    }
  }
}
