package io.segeval.core.binary;

import static io.segeval.core.binary.BinaryCountsLawsTest.assertSameState;
import static io.segeval.testing.MergePaths.serializedAndBack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryEvaluation.PerImageMean;
import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.testing.MergePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every merge path of {@link BinaryEvaluation} gives the same answer (Guava StatsAccumulatorTest
 * style): the same images added one by one, split in halves, as many small parts, merged in
 * different orders, and through Java serialization (Spark's buffer form) give the same dataset
 * counts and the same per-image means; and those means are the plain means of the images' scores.
 * One image has no pixels: it counts as an image, and is left out of the Lovász mean only.
 */
class BinaryEvaluationMergeLawsTest {
  private static final BinaryParams PARAMS = BinaryParams.DEFAULTS.with("tversky_alpha", 0.3);
  private static final int IMAGES = 15;
  private static final int EMPTY_IMAGE = 4;
  private static final double REL = 1e-12;

  private final List<BinaryCounts> counts = new ArrayList<>();
  private final List<BinaryImageScores> scores = new ArrayList<>();

  BinaryEvaluationMergeLawsTest() {
    Random rnd = new Random(20261130L);
    LovaszWorkspace ws = new LovaszWorkspace();
    for (int i = 0; i < IMAGES; i++) {
      int n = i == EMPTY_IMAGE ? 0 : 1 + rnd.nextInt(3000);
      double[] x = new double[n];
      double[] t = new double[n];
      for (int j = 0; j < n; j++) {
        x[j] = (float) (rnd.nextGaussian() * 3);
        t[j] = i % 4 == 1 ? rnd.nextDouble() : rnd.nextInt(2); // some images with soft targets
      }
      BinaryCounts c = new BinaryCounts(PARAMS);
      c.update(x, t, n, Math.max(1, n), InputKind.LOGITS);
      counts.add(c);
      scores.add(BinaryImageScores.of(c, InputKind.LOGITS, LovaszHinge.perImage(x, t, n, ws)));
    }
  }

  private BinaryEvaluation of(List<Integer> images) {
    BinaryEvaluation e = new BinaryEvaluation(PARAMS);
    for (int i : images) {
      e.add(counts.get(i), scores.get(i));
    }
    return e;
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> r = new ArrayList<>();
    for (int i = from; i < to; i++) {
      r.add(i);
    }
    return r;
  }

  private static void assertSameEvaluation(BinaryEvaluation expected, BinaryEvaluation actual, String path) {
    assertEquals(expected.images(), actual.images(), path + ": images");
    assertSameState(expected.dataset(), actual.dataset(), REL);
    Map<PerImageMean, Double> e = expected.perImageMeans();
    Map<PerImageMean, Double> a = actual.perImageMeans();
    assertEquals(e.keySet(), a.keySet(), path);
    for (PerImageMean m : PerImageMean.values()) {
      assertNotNull(a.get(m), path + ": " + m.key());
      assertTrue(Math.abs(e.get(m) - a.get(m)) <= REL * Math.abs(e.get(m)),
          path + ": " + m.key() + " " + e.get(m) + " vs " + a.get(m));
    }
  }

  @Test
  void theMeansAreThePlainMeansOfTheImagesScores() {
    Map<PerImageMean, Double> means = of(range(0, IMAGES)).perImageMeans();
    double lovasz = 0;
    double dice = 0;
    double iou = 0;
    double hardDice = 0;
    int withLovasz = 0;
    for (BinaryImageScores s : scores) {
      if (s.lovaszHingeLoss() != null) {
        lovasz += s.lovaszHingeLoss();
        withLovasz++;
      }
      dice += s.dice();
      iou += s.iou();
      hardDice += s.hardDice();
    }
    assertNull(scores.get(EMPTY_IMAGE).lovaszHingeLoss());
    assertEquals(1.0, scores.get(EMPTY_IMAGE).dice()); // 0/0 scores 1
    assertEquals(IMAGES - 1, withLovasz);
    assertEquals(lovasz / withLovasz, means.get(PerImageMean.LOVASZ_HINGE_LOSS), 1e-14);
    assertEquals(dice / IMAGES, means.get(PerImageMean.DICE), 1e-14);
    assertEquals(iou / IMAGES, means.get(PerImageMean.IOU), 1e-14);
    assertEquals(hardDice / IMAGES, means.get(PerImageMean.HARD_DICE), 1e-14);
  }

  @Test
  void theDatasetIsTheMergeOfTheImagesCounts() {
    BinaryCounts merged = new BinaryCounts(PARAMS);
    counts.forEach(merged::merge);
    BinaryEvaluation all = of(range(0, IMAGES));
    assertSameState(merged, all.dataset(), 0.0);
    assertEquals(IMAGES, all.images());
  }

  @Test
  void emptyEvaluationIsTheIdentityAndHasNullMeans() {
    BinaryEvaluation empty = new BinaryEvaluation(PARAMS);
    empty.perImageMeans().values().forEach(v -> assertNull(v));
    BinaryEvaluation all = of(range(0, IMAGES));
    assertSameEvaluation(all, new BinaryEvaluation(PARAMS).merge(of(range(0, IMAGES))), "empty + all");
    assertSameEvaluation(all, of(range(0, IMAGES)).merge(new BinaryEvaluation(PARAMS)), "all + empty");
  }

  @Test
  void halvesMergedEitherWayEqualOneByOne() {
    BinaryEvaluation oneByOne = of(range(0, IMAGES));
    int half = IMAGES / 2;
    assertSameEvaluation(oneByOne, of(range(0, half)).merge(of(range(half, IMAGES))), "first half + second");
    assertSameEvaluation(oneByOne, of(range(half, IMAGES)).merge(of(range(0, half))), "second half + first");
  }

  @Test
  void oneStatePerImageMergedInAnyGroupingEqualsOneByOne() {
    BinaryEvaluation oneByOne = of(range(0, IMAGES));
    BinaryEvaluation leftToRight = new BinaryEvaluation(PARAMS);
    for (int i = 0; i < IMAGES; i++) {
      leftToRight.merge(of(List.of(i)));
    }
    assertSameEvaluation(oneByOne, leftToRight, "one state per image, left to right");
    // pairwise, as a tree: ((0+1)+(2+3)) + ...
    List<BinaryEvaluation> level = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      level.add(of(List.of(i)));
    }
    while (level.size() > 1) {
      List<BinaryEvaluation> next = new ArrayList<>();
      for (int k = 0; k < level.size(); k += 2) {
        next.add(k + 1 < level.size() ? level.get(k).merge(level.get(k + 1)) : level.get(k));
      }
      level = next;
    }
    assertSameEvaluation(oneByOne, level.get(0), "one state per image, as a tree");
  }

  @Test
  void randomPartsInRandomOrderEqualOneByOne() {
    BinaryEvaluation oneByOne = of(range(0, IMAGES));
    Random rnd = new Random(5);
    for (int trial = 0; trial < 20; trial++) {
      List<List<Integer>> parts = MergePaths.randomParts(range(0, IMAGES), rnd);
      BinaryEvaluation merged = new BinaryEvaluation(PARAMS);
      for (List<Integer> part : parts) {
        merged.merge(of(part));
      }
      assertSameEvaluation(oneByOne, merged, "trial " + trial + ", " + parts.size() + " parts");
    }
  }

  @Test
  void partsSerializedAndBackMergeToTheSameAnswerAndKeepAccumulating() {
    BinaryEvaluation oneByOne = of(range(0, IMAGES));
    int third = IMAGES / 3;
    BinaryEvaluation first = serializedAndBack(of(range(0, third)));
    BinaryEvaluation merged = first.merge(serializedAndBack(of(range(third, 2 * third))));
    BinaryEvaluation last = serializedAndBack(of(range(2 * third, IMAGES)));
    assertSameEvaluation(oneByOne, serializedAndBack(merged).merge(last), "serialized parts");
    BinaryEvaluation continued = serializedAndBack(of(range(0, third)));
    for (int i = third; i < IMAGES; i++) {
      continued.add(counts.get(i), scores.get(i));
    }
    assertSameEvaluation(oneByOne, continued, "serialized, then images added");
  }
}
