package io.segeval.core.multiclass;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.core.InputKind;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-image check behind the multiclass "probabilities read as logits" warning: on the first
 * 1,024 pixels, every channel in [0, 1] and the channels summing to 1 (± 1e-3); only for logits input.
 */
class ProbabilityLikeScoresTest {
  private static final int C = 19;
  private static final int N = 64 * 64;

  /** Channel-major (C, N) gaussian logits, seeded. */
  private static double[] logits(int seed) {
    Random r = new Random(seed);
    double[] x = new double[C * N];
    for (int k = 0; k < x.length; k++) {
      x[k] = r.nextGaussian() * 4;
    }
    return x;
  }

  /** The softmax of {@link #logits} over the channels of each pixel. */
  private static double[] probabilities(int seed) {
    double[] p = logits(seed);
    for (int j = 0; j < N; j++) {
      double sum = 0;
      for (int c = 0; c < C; c++) {
        p[c * N + j] = Math.exp(p[c * N + j]);
        sum += p[c * N + j];
      }
      for (int c = 0; c < C; c++) {
        p[c * N + j] /= sum;
      }
    }
    return p;
  }

  private static boolean check(InputKind input, double[] pred) {
    return ProbabilityLikeScores.readAsLogits(input, pred, C, N);
  }

  @Test
  void softmaxedScoresReadAsLogitsLookLikeProbabilities() {
    assertTrue(check(InputKind.LOGITS, probabilities(1)));
    // float32 rounding, well within 1e-3 of 1
    double[] p = probabilities(2);
    p[5] += 9e-4;
    assertTrue(check(InputKind.LOGITS, p));
  }

  @Test
  void logitsDoNotLookLikeProbabilities() {
    assertFalse(check(InputKind.LOGITS, logits(1)));
    // every value in [0, 1] but not a distribution: per-channel sigmoids
    double[] sigmoids = logits(3);
    for (int k = 0; k < sigmoids.length; k++) {
      sigmoids[k] = 1 / (1 + Math.exp(-sigmoids[k]));
    }
    assertFalse(check(InputKind.LOGITS, sigmoids));
  }

  @Test
  void oneSampledPixelOffIsEnoughForNo() {
    double[] mix = probabilities(4);
    int lastSampled = ProbabilityLikeScores.SAMPLE_PIXELS - 1;
    mix[3 * N + lastSampled] += 2e-3; // its sum 1.002
    assertFalse(check(InputKind.LOGITS, mix));
    double[] negative = probabilities(5);
    negative[(C - 1) * N + 7] = -0.25;
    negative[7] += 0.25; // sums to 1, one channel below 0
    assertFalse(check(InputKind.LOGITS, negative));
    double[] nan = probabilities(6);
    nan[2 * N + 100] = Double.NaN;
    assertFalse(check(InputKind.LOGITS, nan));
  }

  @Test
  void pixelsPastTheSampleAreNotLookedAt() {
    double[] mix = probabilities(7);
    double[] x = logits(8);
    int sample = ProbabilityLikeScores.SAMPLE_PIXELS;
    for (int c = 0; c < C; c++) {
      System.arraycopy(x, c * N + sample, mix, c * N + sample, N - sample);
    }
    assertTrue(check(InputKind.LOGITS, mix));
    // a smaller image is looked at whole
    assertFalse(ProbabilityLikeScores.readAsLogits(InputKind.LOGITS, new double[] {0.5, 0.5, 0.2, 0.5, 0.5, 0.9}, 2, 3));
    assertTrue(ProbabilityLikeScores.readAsLogits(InputKind.LOGITS, new double[] {0.5, 0.25, 1, 0.5, 0.75, 0}, 2, 3));
  }

  @Test
  void otherInputsAndEmptyImagesAreNotChecked() {
    double[] p = probabilities(9);
    assertFalse(check(InputKind.PROBABILITIES, p));
    assertFalse(check(InputKind.LABELS, p));
    // a label map of 0/1 labels for C = 1 would pass the value test: labels are never checked
    assertFalse(ProbabilityLikeScores.readAsLogits(InputKind.LABELS, new double[] {1, 1, 1}, 1, 3));
    assertFalse(ProbabilityLikeScores.readAsLogits(InputKind.LOGITS, new double[0], C, 0));
  }
}
