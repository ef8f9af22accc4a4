package io.segeval.core.binary;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.core.PixelGrid;
import io.segeval.core.ProbabilityOutOfRangeException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Extreme logits, probability input, the threshold rule and bad pixels. */
class BinaryCountsNumericsTest {

  private static BinaryCounts of(double[] x, double[] t, InputKind kind) {
    BinaryCounts c = new BinaryCounts(BinaryParams.DEFAULTS);
    c.update(x, t, x.length, x.length, kind);
    return c;
  }

  @Test
  void logitsOfPlusMinus1e4GiveTheStableValues() {
    double[] x = {1e4, -1e4, 1e4, -1e4};
    double[] t = {1, 1, 0, 0};
    BinaryCounts c = of(x, t, InputKind.LOGITS);
    // bce = max(x,0) − x·t + log1p(exp(−|x|)): 0, 1e4, 1e4, 0.
    assertEquals(2e4, c.bceSum(), 0.0);
    // focal = α_t (1 − p_t)^2 bce: the two wrong pixels, α_t = 0.8 and 0.2.
    assertEquals(0.8 * 1e4 + 0.2 * 1e4, c.focalSum(), 1e-9);
    // wce with q clamped to [1e-9, 1 − 1e-9]: wrong pixels pay −0.5·log(1e-9)-ish, right ones ~0.
    assertTrue(Double.isFinite(c.wceSum()) && c.wceSum() > 20 && c.wceSum() < 21);
    assertEquals(2.0, c.predSum(), 0.0);
    assertEquals(1, c.tp());
    assertEquals(1, c.fn());
    assertEquals(1, c.fp());
    assertEquals(1, c.tn());
    for (BinaryMetric m : BinaryMetric.values()) {
      Double v = m.value(c);
      assertTrue(v == null || Double.isFinite(v), m.key());
    }
  }

  @Test
  void tinyTermsAfterLargeOnesAreNotLostOver1e8Pixels() {
    // B = 3·1e4 + 1e8·log1p(e^−30): the 1e8 terms of 9.4e-14 add up to 9.4e-6, 3e-10 of the total,
    // which plain left-to-right summation loses (each term is below half an ulp of 3e4)
    BinaryCounts c = of(new double[] {-1e4, -1e4, -1e4}, new double[] {1, 1, 1}, InputKind.LOGITS);
    int n = 1_000_000;
    double[] x = new double[n];
    double[] t = new double[n];
    Arrays.fill(x, 30.0);
    Arrays.fill(t, 1.0);
    for (int k = 0; k < 100; k++) {
      c.update(x, t, n, 1000, InputKind.LOGITS);
    }
    double tiny = Math.log1p(Math.exp(-30.0));
    assertEquals(100_000_003, c.pixels());
    assertClose(3e4 + 1e8 * tiny, c.bceSum(), 1e-13, "B");
    // P = 1e8·sigmoid(30): 1e8 terms of 1 − 9.4e-14 each
    assertClose(1e8 / (1 + Math.exp(-30.0)), c.predSum(), 1e-13, "P");
  }

  @Test
  void probabilityInputAgreesWithLogitInput() {
    Random rnd = new Random(3);
    int n = 3000;
    double[] x = new double[n];
    double[] p = new double[n];
    double[] t = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = rnd.nextGaussian() * 3;
      p[j] = 1 / (1 + Math.exp(-x[j]));
      t[j] = rnd.nextInt(2);
    }
    BinaryCounts fromLogits = of(x, t, InputKind.LOGITS);
    BinaryCounts fromProbs = of(p, t, InputKind.PROBABILITIES);
    for (BinaryMetric m : BinaryMetric.values()) {
      Double a = m.value(fromLogits);
      Double b = m.value(fromProbs);
      if (a != null) {
        assertClose(a, b, 1e-12, m.key());
      }
    }
  }

  @Test
  void probabilityBceClampsLogsAtMinus100LikePyTorch() {
    BinaryCounts c = of(new double[] {0.0, 1.0}, new double[] {1, 0}, InputKind.PROBABILITIES);
    assertEquals(200.0, c.bceSum(), 0.0);
  }

  @Test
  void theSmallestComboEpsStillClampsAProbabilityOfExactlyOne() {
    // torch: q = clamp(p, eps, 1 − eps); −(0.5·t·log q + 0.5·(1 − t)·log(1 − q)) summed, float64
    double[] p = {1, 1, 0, 0};
    double[] t = {1, 0, 1, 0};
    BinaryCounts c = new BinaryCounts(BinaryParams.DEFAULTS.with("combo_eps", BinaryParams.MIN_COMBO_EPS));
    c.update(p, t, 4, 4, InputKind.PROBABILITIES);
    assertClose(36.78908102879092, c.wceSum(), 1e-15, "W at combo_eps=1e-16");
    // Below, 1 − eps rounds to 1: p = 1 would give log(1 − q) = −inf and the image would be refused.
    double tooSmall = 5e-17;
    assertEquals(1.0, 1.0 - tooSmall);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BinaryParams.DEFAULTS.with("combo_eps", tooSmall));
    assertEquals("combo_eps must be at least 1.0E-16 (1 − combo_eps must be below 1 in double) and below 0.5, got 5.0E-17",
        e.getMessage());
  }

  @Test
  void theDoublesNextToTheOpenBoundsAreAccepted() {
    assertEquals(Math.nextDown(1.0), BinaryParams.parse("threshold=0.9999999999999999").threshold());
    assertEquals(Math.log(Math.nextDown(1.0) / 0x1p-53),
        BinaryParams.parse("threshold=0.9999999999999999").logitThreshold(), 0.0);
    assertEquals(Double.MIN_VALUE, BinaryParams.parse("threshold=4.9e-324").threshold());
    assertEquals(Math.nextDown(0.5), BinaryParams.parse("combo_eps=0.49999999999999994").comboEps());
    assertThrows(IllegalArgumentException.class, () -> BinaryParams.parse("combo_eps=0.5"));
  }

  @Test
  void thresholdIsDecidedOnTheLogitAndMinusZeroIsPositive() {
    BinaryCounts c = of(new double[] {-0.0, 0.0, -1e-300}, new double[] {1, 1, 1}, InputKind.LOGITS);
    assertEquals(2, c.tp());
    assertEquals(1, c.fn());
    BinaryCounts at07 = new BinaryCounts(BinaryParams.DEFAULTS.with("threshold", 0.7));
    double logit07 = at07.params().logitThreshold(); // log(0.7 / 0.3)
    at07.update(new double[] {logit07, Math.nextDown(logit07)}, new double[] {1, 1}, 2, 2, InputKind.LOGITS);
    assertEquals(1, at07.tp());
    assertEquals(1, at07.fn());
  }

  @Test
  void aNonFinitePredictionIsRefusedWithItsPositionAndLeavesTheStateUnchanged() {
    BinaryCounts c = of(new double[] {1, 2}, new double[] {1, 0}, InputKind.LOGITS);
    BinaryCounts before = c.copy();
    double[] x = {0.5, 1, Double.NaN, 2, 3, 4};
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> c.update(x, new double[6], 6, 3, InputKind.LOGITS));
    assertEquals("non-finite prediction NaN at (row 0, col 2)", e.getMessage());
    BinaryCountsLawsTest.assertSameState(before, c, 0.0);
    e = assertThrows(BadRecordException.class,
        () -> c.update(new double[] {1, Double.NEGATIVE_INFINITY}, new double[2], 2, 1, InputKind.LOGITS));
    assertEquals("non-finite prediction -Infinity at (row 1, col 0)", e.getMessage());
  }

  /**
   * Two blocks of 4096 pixels, each with one logit of 1.2e308 against target 0 (bce = 1.2e308):
   * each block's sum is finite, the image's is not. The image is refused, by update and by
   * requireUsable alike, and the state is unchanged.
   */
  @Test
  void anImageWhoseFiniteBlocksOverflowTogetherIsRefused() {
    int n = 2 * 4096;
    double[] x = new double[n];
    x[0] = 1.2e308;
    x[4096] = 1.2e308;
    double[] t = new double[n];
    BinaryCounts c = of(new double[] {1, 2}, new double[] {1, 0}, InputKind.LOGITS);
    BinaryCounts before = c.copy();
    String reason = "the loss sums of this image are not finite (logits near the double range, ±1.8e308)";
    assertEquals(reason, assertThrows(BadRecordException.class,
        () -> c.update(x, t, n, 4096, InputKind.LOGITS)).getMessage());
    BinaryCountsLawsTest.assertSameState(before, c, 0.0);
    assertEquals(reason, assertThrows(BadRecordException.class,
        () -> BinaryCounts.requireUsable(x, t, n, PixelGrid.image(4096), InputKind.LOGITS)).getMessage());
    // one such logit alone is a finite bce: accepted by both
    x[4096] = 0;
    assertEquals(1.2e308, of(x, t, InputKind.LOGITS).bceSum(), 1e294);
    BinaryCounts.requireUsable(x, t, n, PixelGrid.image(4096), InputKind.LOGITS);
  }

  /** States of other parameters do not merge; the refusal names only the parameters that differ. */
  @Test
  void statesOfOtherParametersRefuseToMergeNamingTheDifferences() {
    BinaryCounts a = new BinaryCounts(BinaryParams.DEFAULTS);
    BinaryCounts b = new BinaryCounts(BinaryParams.DEFAULTS.with("threshold", 0.3).with("focal_gamma", 1));
    assertEquals("cannot merge binary states built with different parameters: threshold=0.5 vs threshold=0.3,"
        + " focal_gamma=2.0 vs focal_gamma=1.0", assertThrows(RuntimeException.class, () -> a.merge(b)).getMessage());
  }

  @Test
  void outOfRangeProbabilitiesAndTargetsAreRefused() {
    ProbabilityOutOfRangeException p = assertThrows(ProbabilityOutOfRangeException.class,
        () -> of(new double[] {0.2, 1.5}, new double[] {0, 1}, InputKind.PROBABILITIES));
    // the hint how to say "logits" is the caller's, in its user's terms
    assertEquals("probability 1.5 outside [0, 1] at (row 0, col 1)", p.getMessage());
    assertEquals("probability 1.5 outside [0, 1] at (row 0, col 1) (use --input logits for raw scores)",
        p.withLogitsHint("--input logits").reason());
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> of(new double[] {0.2, 1.5}, new double[] {0, 7}, InputKind.LOGITS));
    assertTrue(e.getMessage().startsWith("target value 7.0 at (row 0, col 1) is not a binary target"), e.getMessage());
  }

  @Test
  void hardMetricsOfAnEmptySetAreNull() {
    BinaryCounts empty = new BinaryCounts(BinaryParams.DEFAULTS);
    assertNull(BinaryMetric.PRECISION.value(empty));
    assertNull(BinaryMetric.HARD_DICE.value(empty));
    assertNull(BinaryMetric.BCE.value(empty));
    assertEquals(1.0, BinaryMetric.DICE.value(empty)); // s / s
    BinaryCounts allNegative = of(new double[] {-3, -2}, new double[] {0, 0}, InputKind.LOGITS);
    assertNull(BinaryMetric.PRECISION.value(allNegative));
    assertNull(BinaryMetric.RECALL.value(allNegative));
    assertEquals(1.0, BinaryMetric.SPECIFICITY.value(allNegative));
    assertEquals(1.0, BinaryImageScores.of(allNegative, InputKind.LOGITS, 0.0).hardDice());
  }

  @Test
  void atSmooth0NothingPredictedAndNothingToFindIsNullDatasetWideAndOnePerImage() {
    // logits −750: p = 0 exactly, so I = P = T = 0 and every soft score is 0/0
    BinaryCounts c = new BinaryCounts(BinaryParams.DEFAULTS.with("smooth", 0));
    c.update(new double[] {-750, -750, -800}, new double[3], 3, 3, InputKind.LOGITS);
    assertEquals(0.0, c.predSum());
    for (BinaryMetric m : new BinaryMetric[] {BinaryMetric.DICE, BinaryMetric.DICE_LOSS, BinaryMetric.IOU,
        BinaryMetric.IOU_LOSS, BinaryMetric.TVERSKY, BinaryMetric.TVERSKY_LOSS, BinaryMetric.BCE_DICE_LOSS,
        BinaryMetric.COMBO_LOSS, BinaryMetric.HARD_DICE, BinaryMetric.PRECISION, BinaryMetric.RECALL}) {
      assertNull(m.value(c), m.key());
    }
    assertEquals(0.0, BinaryMetric.BCE.value(c));
    assertEquals(1.0, BinaryMetric.ACCURACY.value(c));
    BinaryImageScores image = BinaryImageScores.of(c, InputKind.LOGITS, 0.0);
    assertEquals(1.0, image.dice());
    assertEquals(1.0, image.iou());
    assertEquals(1.0, image.tversky());
    assertEquals(1.0, image.hardIou());
  }

  @Test
  void paramsParseAndValidate() {
    BinaryParams p = BinaryParams.parse(" tversky_alpha = 0.3, tversky_beta=0.7 ");
    assertEquals(0.3, p.tverskyAlpha());
    assertEquals(0.7, p.tverskyBeta());
    assertEquals(p, BinaryParams.parse(p.toOptionString()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BinaryParams.parse("threshold=1"));
    assertEquals("threshold must be strictly between 0 and 1, got 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BinaryParams.parse("smoth=1"));
    assertTrue(e.getMessage().startsWith("unknown binary parameter 'smoth'"));
    assertThrows(IllegalArgumentException.class, () -> BinaryParams.parse("focal_gamma=-1"));
    assertThrows(IllegalArgumentException.class, () -> BinaryParams.parse("tversky_alpha=1.5"));
  }
}
