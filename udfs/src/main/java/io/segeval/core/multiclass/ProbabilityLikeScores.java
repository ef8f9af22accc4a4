package io.segeval.core.multiclass;

import io.segeval.core.InputKind;

/**
 * Whether an image's logits look like probabilities, softmax already applied: read as logits they
 * are softmaxed again, which leaves the argmax (confusion matrix) right but every score metric
 * wrong, without an error. Cheap: only the first {@value #SAMPLE_PIXELS} pixels are looked at, each
 * channel read in order ({@code pred[c*n + j]}), a small fraction of the fused pass over the image.
 */
public final class ProbabilityLikeScores {
  /** The pixels looked at: the image's first ones (all of a smaller image). */
  public static final int SAMPLE_PIXELS = 1024;
  /** How far from 1 a sampled pixel's channel sum may be. */
  public static final double SUM_TOLERANCE = 1e-3;

  private ProbabilityLikeScores() {}

  /**
   * True when {@code input} is logits and every sampled pixel of the channel-major {@code pred}
   * ({@code numClasses} channels of {@code pixels}) has every channel in [0, 1] and channels summing
   * to within {@value #SUM_TOLERANCE} of 1. False for other inputs (not logits, nothing to say) and
   * for an image of no pixels; a NaN fails the range check.
   */
  public static boolean readAsLogits(InputKind input, double[] pred, int numClasses, int pixels) {
    return input == InputKind.LOGITS && pixels > 0 && sampleLooksLikeProbabilities(pred, numClasses, pixels);
  }

  private static boolean sampleLooksLikeProbabilities(double[] pred, int numClasses, int pixels) {
    int sample = Math.min(pixels, SAMPLE_PIXELS);
    double[] sums = new double[sample];
    for (int c = 0; c < numClasses; c++) {
      int offset = c * pixels; // fits in an int: the decoded prediction holds C·n values
      for (int j = 0; j < sample; j++) {
        double v = pred[offset + j];
        if (!(v >= 0 && v <= 1)) {
          return false;
        }
        sums[j] += v;
      }
    }
    for (double sum : sums) {
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        return false;
      }
    }
    return true;
  }
}
