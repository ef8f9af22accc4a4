package io.segeval.core.multiclass;

import static io.segeval.core.multiclass.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.NdArray;
import io.segeval.core.InputKind;
import org.junit.jupiter.api.Test;

/** Small images whose values are worked out by hand in the comments. */
class MulticlassHandComputedTest {
  private static final double REL = 1e-12;
  private static final int IGN = 255;

  /**
   * C = 3, 2×2 probabilities (channel-major) and targets:
   * j0 (.7,.2,.1) t=0 → pred 0;  j1 (.1,.6,.3) t=2 → pred 1;  j2 (.25,.25,.5) ignored;
   * j3 (.4,.4,.2) t=1 → tie of 0 and 1 → pred 0.
   */
  @Test
  void probabilityInput() {
    double[] p = {
      .7, .1, .25, .4, // class 0
      .2, .6, .25, .4, // class 1
      .1, .3, .5, .2 // class 2
    };
    double[] t = {0, 2, IGN, 1};
    MulticlassCounts counts =
        new MulticlassCounts(MulticlassParams.of(3).withInputKind(InputKind.PROBABILITIES));
    MulticlassImageResult image = counts.update(p, t, 4, 2);

    // M: [0][0] = 1 (j0), [2][1] = 1 (j1), [1][0] = 1 (j3)
    assertArrayEquals(
        new long[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}}, counts.confusionMatrix());
    assertEquals(3, counts.pixels());
    assertEquals(1, counts.ignored());
    // I = (.7, .4, .3); P = (.7+.1+.4, .2+.6+.4, .1+.3+.2) = (1.2, 1.2, .6)
    assertClose(0.7, counts.intersection(0), REL, "I_0");
    assertClose(0.4, counts.intersection(1), REL, "I_1");
    assertClose(0.3, counts.intersection(2), REL, "I_2");
    assertClose(1.2, counts.predictedSum(0), REL, "P_0");
    assertClose(1.2, counts.predictedSum(1), REL, "P_1");
    assertClose(0.6, counts.predictedSum(2), REL, "P_2");
    double ce = -(Math.log(.7) + Math.log(.3) + Math.log(.4)) / 3;
    MulticlassSummary s = counts.summary();
    assertClose(ce, s.dataset(MulticlassMetric.CE), REL, "ce");
    assertClose(ce, image.ce(), REL, "image ce");
    // soft Dice per class (s=1): (1.4+1)/(1.2+1+1) = .75, (.8+1)/3.2 = .5625, (.6+1)/2.6
    double softDice = (0.75 + 0.5625 + 1.6 / 2.6) / 3;
    assertClose(1 - softDice, s.dataset(MulticlassMetric.SOFT_DICE_LOSS), REL, "soft dice loss");
    // row = (1,1,1), col = (2,1,0), tp = (1,0,0)
    assertArrayEquals(new Double[] {0.5, 0.0, 0.0}, s.perClass(PerClassMetric.IOU));
    assertArrayEquals(new Double[] {2.0 / 3, 0.0, 0.0}, s.perClass(PerClassMetric.DICE));
    assertArrayEquals(new Double[] {1.0, 0.0, 0.0}, s.perClass(PerClassMetric.ACC));
    assertArrayEquals(new Double[] {0.5, 0.0, null}, s.perClass(PerClassMetric.PRECISION));
    assertClose(1.0 / 6, s.dataset(MulticlassMetric.MIOU), REL, "miou");
    assertClose(2.0 / 9, s.dataset(MulticlassMetric.MDICE), REL, "mdice");
    assertClose(1.0 / 3, s.dataset(MulticlassMetric.MACC), REL, "macc");
    assertClose(1.0 / 3, s.dataset(MulticlassMetric.AACC), REL, "aacc");
    assertClose(1.0 / 6, image.miou(), REL, "image miou");
    assertClose(1.0 / 3, image.aacc(), REL, "image aacc");
  }

  @Test
  void probabilityZeroAtTargetCostsHundredLikePyTorch() {
    double[] p = {1, 0}; // one pixel, p = (1, 0), target 1
    MulticlassCounts counts =
        new MulticlassCounts(MulticlassParams.of(2).withInputKind(InputKind.PROBABILITIES));
    assertEquals(100.0, counts.update(p, new double[] {1}, 1, 1).ce());
  }

  /**
   * C = 3 labels, 2×3: pred (0,1,2 / 2,1,0), target (0,1,1 / 255,2,0):
   * M[0][0] = 2, M[1][1] = 1, M[1][2] = 1, M[2][1] = 1; the ignored pixel predicts 2.
   */
  @Test
  void labelInput() {
    double[] pred = {0, 1, 2, 2, 1, 0};
    double[] t = {0, 1, 1, IGN, 2, 0};
    MulticlassCounts counts =
        new MulticlassCounts(MulticlassParams.of(3).withInputKind(InputKind.LABELS));
    MulticlassImageResult image = counts.update(pred, t, 6, 3);

    assertArrayEquals(new long[][] {{2, 0, 0}, {0, 1, 1}, {0, 1, 0}}, counts.confusionMatrix());
    MulticlassSummary s = counts.summary();
    // IoU = (2/(2+2−2), 1/(2+2−1), 0/(1+1)) = (1, 1/3, 0)
    assertArrayEquals(new Double[] {1.0, 1.0 / 3, 0.0}, s.perClass(PerClassMetric.IOU));
    assertClose(4.0 / 9, s.dataset(MulticlassMetric.MIOU), REL, "miou");
    assertClose(3.0 / 5, s.dataset(MulticlassMetric.AACC), REL, "aacc");
    // soft scores are not computable from labels
    assertNull(s.dataset(MulticlassMetric.CE));
    assertNull(s.dataset(MulticlassMetric.SOFT_DICE_LOSS));
    assertTrue(Double.isNaN(counts.intersection(0)));
    assertNull(image.ce());
    assertEquals(5, image.pixels());
    assertClose(4.0 / 9, image.miou(), REL, "image miou");
  }

  /**
   * C = 2 logits: j0 (0, ln 3) → p = (1/4, 3/4), t = 1, CE = −ln(3/4);
   * j1 (2, 2) → tie, pred 0, p = (1/2, 1/2), t = 0, CE = ln 2.
   */
  @Test
  void logitsAndTieToLowestClass() {
    double[] x = {0, 2, Math.log(3), 2};
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(2));
    counts.update(x, new double[] {1, 0}, 2, 2);
    assertArrayEquals(new long[][] {{1, 0}, {0, 1}}, counts.confusionMatrix());
    assertClose((-Math.log(0.75) + Math.log(2)) / 2, counts.crossEntropySum() / 2, REL, "ce");
    assertClose(0.75 + 0.5, counts.intersection(0) + counts.intersection(1), REL, "I");
    assertClose(0.25 + 0.5, counts.predictedSum(0), REL, "P_0");
  }

  @Test
  void tiesGoToTheLowestOfSeveralMaxima() {
    // one pixel per case, C = 4: (1,3,3,3) → 1; (5,5,5,5) → 0; (0,-1,2,2) → 2; (-0.0, 0.0) ties
    double[][] pixels = {{1, 3, 3, 3}, {5, 5, 5, 5}, {0, -1, 2, 2}, {-0.0, 0.0, -1, -1}};
    int[] expected = {1, 0, 2, 0};
    for (int k = 0; k < pixels.length; k++) {
      MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(4));
      counts.update(pixels[k], new double[] {3}, 1, 1);
      assertEquals(1, counts.confusion(3, expected[k]), "case " + k);
    }
  }

  @Test
  void logSumExpIsStableForHugeLogits() {
    // (1000, 0), t = 1: CE = log(1 + e^−1000) + 1000 − 0 = 1000; t = 0 in (−1000, −1000): ln 2
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(2));
    assertEquals(1000.0, counts.update(new double[] {1000, 0}, new double[] {1}, 1, 1).ce());
    assertClose(
        Math.log(2),
        counts.update(new double[] {-1000, -1000}, new double[] {0}, 1, 1).ce(),
        REL,
        "ce");
  }

  @Test
  void crossEntropyBeyondTheDoubleRangeIsABadRecordNotADatasetNaN() {
    // (1e308, −1e308), t = 1: −log p_t = 2e308 > Double.MAX_VALUE, from finite logits; before, the
    // image was counted and dataset.ce came out NaN, stopping the run instead of naming the image
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(2));
    counts.update(new double[] {0, 0}, new double[] {1}, 1, 1);
    MulticlassCounts before = counts.copy();
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> counts.update(new double[] {1e308, 0, -1e308, 0}, new double[] {1, 0}, 2, 2));
    assertEquals("the cross-entropy of this image is not finite (logits near the double range, ±1.8e308)", e.reason());
    assertEquals(before.pixels(), counts.pixels());
    assertEquals(before.crossEntropySum(), counts.crossEntropySum());
    // one pixel's −log p_t of 1.7e308 is finite and counted
    assertEquals(1.7e308, counts.update(new double[] {1.7e308, 0}, new double[] {1}, 1, 1).ce());
  }

  @Test
  void probabilitiesBufferHoldsTheSoftmaxOfEveryPixel() {
    double[] x = {0, 2, 7, Math.log(3), 2, 7};
    double[] t = {1, 0, IGN};
    double[] out = new double[6];
    new MulticlassCounts(MulticlassParams.of(2)).update(x, t, 3, 3, out);
    assertArrayEquals(new double[] {0.25, 0.5, 0.5, 0.75, 0.5, 0.5}, out, 1e-15);
  }

  @Test
  void allIgnoredImageAndEmptyStateGiveNulls() {
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(2));
    MulticlassImageResult image = counts.update(new double[] {1, 2, 3, 4}, new double[] {IGN, IGN}, 2, 2);
    assertEquals(new MulticlassImageResult(0, 2, null, null, null), image);
    MulticlassSummary s = counts.summary();
    assertEquals(1, s.images());
    for (MulticlassMetric metric : MulticlassMetric.values()) {
      assertNull(s.dataset(metric), metric.key());
    }
    assertArrayEquals(new Double[] {null, null}, s.perClass(PerClassMetric.IOU));
  }

  @Test
  void ignoreIndexMinusOne() {
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(2).withIgnoreIndex(-1));
    counts.update(new double[] {0, 0, 1, 1}, new double[] {-1, 1}, 2, 2);
    assertEquals(1, counts.pixels());
    assertEquals(1, counts.ignored());
    assertEquals(1, counts.confusion(1, 1));
    // 255 is then an invalid target: -1 saved as uint8, which the reason says
    BadRecordException e =
        assertThrows(
            BadRecordException.class,
            () -> counts.update(new double[] {0, 0}, new double[] {255}, 1, 1));
    assertEquals(
        "target value 255 at (row 0, col 0) is not a class id in [0, 2) nor the ignore index -1; the ignore index -1"
            + " saved as unsigned 8-bit (uint8) reads as 255: make that the ignore index, or save the target as a"
            + " signed type (int16)",
        e.reason());
  }

  @Test
  void aNegativeIgnoreIndexSavedUnsignedIsSaidOnlyForItsOwnWrappedValue() {
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(3).withIgnoreIndex(-2));
    assertEquals("target value 65534 at (row 0, col 1) is not a class id in [0, 3) nor the ignore index -2; the ignore"
        + " index -2 saved as unsigned 16-bit (uint16) reads as 65534: make that the ignore index, or save the target"
        + " as a signed type (int16)", assertThrows(BadRecordException.class,
            () -> counts.update(new double[6], new double[] {0, 65534}, 2, 2)).reason());
    // 255 is not -2 wrapped, nor is anything with a non-negative ignore index
    assertEquals("target value 255 at (row 0, col 0) is not a class id in [0, 3) nor the ignore index -2",
        assertThrows(BadRecordException.class, () -> counts.update(new double[3], new double[] {255}, 1, 1)).reason());
    MulticlassCounts six = new MulticlassCounts(MulticlassParams.of(3).withIgnoreIndex(6));
    assertEquals("target value 262 at (row 0, col 0) is not a class id in [0, 3) nor the ignore index 6",
        assertThrows(BadRecordException.class, () -> six.update(new double[3], new double[] {262}, 1, 1)).reason());
    // a clean image is not touched by the check: -2 ignored, the rest counted
    counts.update(new double[] {0, 0, 0, 5, 0, 0}, new double[] {-2, 1}, 2, 2); // pixel 1: channel 1 wins
    assertEquals(1, counts.ignored());
    assertEquals(1, counts.confusion(1, 1));
  }

  @Test
  void theIgnoreIndexAsAPredictedLabelSaysPredictionsHoldClassIds() {
    // an organ atlas: 5 organs and background, unlabelled voxels 6 in the target, and (wrongly) in the prediction
    MulticlassCounts counts = new MulticlassCounts(
        MulticlassParams.of(6).withIgnoreIndex(6).withInputKind(InputKind.LABELS));
    assertEquals("predicted label 6 at (row 0, col 1) is not a class id in [0, 6); 6 is the ignore index, which marks"
        + " target pixels only: a prediction holds class ids everywhere (write the model's argmax at pixels whose"
        + " target is ignored too; they are left out all the same)", assertThrows(BadRecordException.class,
            () -> counts.update(new double[] {2, 6}, new double[] {2, 6}, 2, 2)).reason());
    // another out-of-range label keeps the plain reason
    assertEquals("predicted label 7 at (row 0, col 0) is not a class id in [0, 6)", assertThrows(
        BadRecordException.class, () -> counts.update(new double[] {7}, new double[] {6}, 1, 1)).reason());
    // with argmax there, the ignored pixel is left out
    counts.update(new double[] {2, 0}, new double[] {2, 6}, 2, 2);
    assertEquals(1, counts.pixels());
    assertEquals(1, counts.ignored());
    assertEquals(1, counts.confusion(2, 2));
  }

  @Test
  void datasetValuesAreKeyedAsInTheSpec() {
    MulticlassSummary s = new MulticlassCounts(MulticlassParams.of(2)).summary();
    assertEquals(
        java.util.List.of(
            "miou", "mdice", "macc", "aacc", "ce", "soft_dice_loss", "lovasz_softmax_loss"),
        java.util.List.copyOf(s.datasetValues().keySet()));
    assertEquals(
        java.util.List.of("iou", "dice", "acc", "precision"),
        java.util.List.copyOf(s.perClassValues().keySet()));
    assertEquals(0.25, s.withLovaszSoftmax(0.25).dataset(MulticlassMetric.LOVASZ_SOFTMAX_LOSS));
    assertNull(s.dataset(MulticlassMetric.LOVASZ_SOFTMAX_LOSS));
  }

  // ------------------------------------------------------------------ bad records

  @Test
  void targetOutOfRangeNamesFirstPosition() {
    int w = 12;
    int n = 5 * w;
    double[] t = new double[n];
    t[3 * w + 10] = 7;
    t[4 * w] = 9;
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(5));
    BadRecordException e =
        assertThrows(BadRecordException.class, () -> counts.update(new double[5 * n], t, n, w));
    assertEquals(
        "target value 7 at (row 3, col 10) is not a class id in [0, 5) nor the ignore index 255",
        e.reason());
    t[3 * w + 10] = 1.5;
    assertTrue(
        assertThrows(BadRecordException.class, () -> counts.update(new double[5 * n], t, n, w))
            .reason()
            .startsWith("target value 1.5 at (row 3, col 10)"));
  }

  @Test
  void nonFiniteLogitNamesChannelAndPosition() {
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(3));
    double[] x = new double[3 * 4];
    x[2 * 4 + 3] = Double.NaN; // channel 2, pixel 3 = (row 1, col 1)
    x[1 * 4 + 2] = Double.POSITIVE_INFINITY; // channel 1, pixel 2 = (row 1, col 0): first
    BadRecordException e =
        assertThrows(BadRecordException.class, () -> counts.update(x, new double[4], 4, 2));
    assertEquals("prediction Infinity at (channel 1, row 1, col 0) is not finite", e.reason());
  }

  @Test
  void probabilityOutsideUnitInterval() {
    MulticlassCounts counts =
        new MulticlassCounts(MulticlassParams.of(2).withInputKind(InputKind.PROBABILITIES));
    BadRecordException e =
        assertThrows(
            BadRecordException.class,
            () -> counts.update(new double[] {0.5, 0.5, 1.5, 0.5}, new double[] {0, 1}, 2, 2));
    assertEquals("probability 1.5 at (channel 1, row 0, col 0) is outside [0, 1]", e.reason());
  }

  @Test
  void labelOutOfRange() {
    MulticlassCounts counts =
        new MulticlassCounts(MulticlassParams.of(3).withInputKind(InputKind.LABELS));
    BadRecordException e =
        assertThrows(
            BadRecordException.class,
            () -> counts.update(new double[] {0, 3}, new double[] {0, 1}, 2, 2));
    assertEquals("predicted label 3 at (row 0, col 1) is not a class id in [0, 3)", e.reason());
  }

  @Test
  void aFractionalClassIdAsksWhetherTheMapWasResizedWithInterpolation() {
    String hint = "; a fractional value is no class id: was the map resized with interpolation? Resize label maps"
        + " with nearest-neighbour";
    MulticlassCounts labels = new MulticlassCounts(MulticlassParams.of(3).withInputKind(InputKind.LABELS));
    assertEquals("predicted label 1.5 at (row 0, col 1) is not a class id in [0, 3)" + hint, assertThrows(
        BadRecordException.class, () -> labels.update(new double[] {0, 1.5}, new double[] {0, 1}, 2, 2)).reason());
    MulticlassCounts scores = new MulticlassCounts(MulticlassParams.of(2));
    assertEquals("target value 0.5 at (row 0, col 0) is not a class id in [0, 2) nor the ignore index 255" + hint,
        assertThrows(BadRecordException.class, () -> scores.update(new double[] {0, 0}, new double[] {0.5}, 1, 1))
            .reason());
    // a whole number or NaN: no hint
    assertEquals("predicted label NaN at (row 0, col 0) is not a class id in [0, 3)", assertThrows(
        BadRecordException.class, () -> labels.update(new double[] {Double.NaN}, new double[] {0}, 1, 1)).reason());
  }

  @Test
  void badRecordLeavesTheStateUnchanged() {
    // C = 19, 2000 pixels: several tiles and summation blocks are done before the NaN is met
    int c = 19;
    int n = 2000;
    double[] t = SyntheticImages.targets(c, n, IGN);
    double[] x = SyntheticImages.logits(c, n, t, IGN, 101);
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(c));
    counts.update(x, t, n, 50);
    MulticlassCounts before = counts.copy();
    double[] bad = x.clone();
    bad[5 * n + n - 1] = Double.NaN;
    assertThrows(BadRecordException.class, () -> counts.update(bad, t, n, 50));
    assertEquals(before.pixels(), counts.pixels());
    assertEquals(before.images(), counts.images());
    assertArrayEquals(before.confusionMatrix(), counts.confusionMatrix());
    assertEquals(before.crossEntropySum(), counts.crossEntropySum());
    for (int k = 0; k < c; k++) {
      assertEquals(before.intersection(k), counts.intersection(k));
      assertEquals(before.predictedSum(k), counts.predictedSum(k));
    }
  }

  @Test
  void shapesAreChecked() {
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(3));
    NdArray target = new NdArray(new int[] {2, 4}, new double[8], true);
    NdArray wrongChannels = new NdArray(new int[] {4, 2, 4}, new double[32], false);
    NdArray wrongSize = new NdArray(new int[] {3, 4, 2}, new double[24], false);
    assertEquals(
        "prediction must have shape (3, H, W) for 3 classes, got 4x2x4",
        assertThrows(BadRecordException.class, () -> counts.update(wrongChannels, target))
            .reason());
    assertEquals(
        "prediction shape 3x4x2 does not match target shape 2x4",
        assertThrows(BadRecordException.class, () -> counts.update(wrongSize, target)).reason());
    NdArray ok = new NdArray(new int[] {3, 2, 4}, new double[24], false);
    assertEquals(8, counts.update(ok, target).pixels());
  }

  /**
   * An image of no pixels, (C, 0, 0), (C, H, 0) or (C, 0, W), is an image of 0 pixels with null
   * values, whatever its width (0 included), for every input kind; it adds one image and nothing
   * else to the state.
   */
  @Test
  void emptyImagesOfAnyWidthCountAsImagesOfNoPixels() {
    for (InputKind kind : InputKind.values()) {
      MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(3).withInputKind(kind));
      for (int width : new int[] {0, 1, 7}) {
        assertEquals(new MulticlassImageResult(0, 0, null, null, null),
            counts.update(new double[0], new double[0], 0, width), kind + ", width " + width);
      }
      NdArray emptyPred = kind == InputKind.LABELS
          ? new NdArray(new int[] {4, 0}, new double[0], true)
          : new NdArray(new int[] {3, 4, 0}, new double[0], false);
      assertEquals(0, counts.update(emptyPred, new NdArray(new int[] {4, 0}, new double[0], true)).pixels());
      MulticlassSummary s = counts.summary();
      assertEquals(4, s.images(), kind.key());
      assertEquals(0, s.pixels());
      for (MulticlassMetric metric : MulticlassMetric.values()) {
        assertNull(s.dataset(metric), metric.key());
      }
      assertArrayEquals(new long[][] {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, s.confusionMatrix());
    }
  }

  /** Pixels that are not whole rows of the width are the image's shape problem: a bad record. */
  @Test
  void pixelsThatAreNotWholeRowsAreABadRecord() {
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(2));
    assertEquals("6 pixels are not whole rows of width 4",
        assertThrows(BadRecordException.class, () -> counts.update(new double[12], new double[6], 6, 4)).reason());
    assertEquals("2 pixels are not whole rows of width 0",
        assertThrows(BadRecordException.class, () -> counts.update(new double[4], new double[2], 2, 0)).reason());
    assertEquals(0, counts.images());
  }

  @Test
  void paramsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> MulticlassParams.of(1));
    assertThrows(IllegalArgumentException.class, () -> MulticlassParams.of(3).withSmooth(-1));
    assertThrows(
        IllegalArgumentException.class, () -> MulticlassParams.of(3).withSmooth(Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new MulticlassCounts(MulticlassParams.of(3))
                .merge(new MulticlassCounts(MulticlassParams.of(3).withSmooth(0))));
  }
}
