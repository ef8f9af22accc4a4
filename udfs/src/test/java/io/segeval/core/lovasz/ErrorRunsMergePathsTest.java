package io.segeval.core.lovasz;

import static io.segeval.core.lovasz.LovaszReferenceTest.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.testing.MergePaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every merge path of the dataset-wide Lovász state ({@link ErrorRuns}, swept by
 * {@link LovaszSweep}) gives the same answer, the Lovász hinge of all pixels as one vector: the
 * images' runs merged at once, in halves, as many small parts in random orders, through their
 * bytes ({@link ErrorRuns#toBytes}), and cut into buckets by sampled boundaries as the
 * distributed sort does (each image's runs sliced per bucket as bytes, each bucket merged, the
 * buckets swept in order). Images with ties across them (equal errors become one run), images of
 * soft targets (weights stored as doubles) and an image of no pixels are among them.
 */
class ErrorRunsMergePathsTest {
  private static final int IMAGES = 14;
  private static final int EMPTY_IMAGE = 6;
  private static final double REL = 1e-12;

  private final List<ErrorRuns> runs = new ArrayList<>();
  private final double g;
  private final double flat;

  ErrorRunsMergePathsTest() {
    Random rnd = new Random(113);
    LovaszWorkspace ws = new LovaszWorkspace();
    List<double[]> logits = new ArrayList<>();
    List<double[]> targets = new ArrayList<>();
    double targetSum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int n = i == EMPTY_IMAGE ? 0 : 1 + rnd.nextInt(2000);
      double[] x = new double[n];
      double[] t = new double[n];
      for (int j = 0; j < n; j++) {
        double v = rnd.nextGaussian() * 2;
        // quarters in every third image: the same errors in several images, merged into one run
        x[j] = i % 3 == 0 ? Math.rint(v * 4) / 4 : (float) v;
        t[j] = i % 5 == 2 ? rnd.nextDouble() : rnd.nextInt(2); // some images with soft targets
        targetSum += t[j];
      }
      runs.add(LovaszHinge.errorRuns(x, t, n, ws));
      logits.add(x);
      targets.add(t);
    }
    g = targetSum;
    double[] x = MergePaths.concat(logits);
    flat = LovaszHinge.perImage(x, MergePaths.concat(targets), x.length, ws);
  }

  private double sweep(ErrorRuns all) {
    return new LovaszSweep(g, 0, 0).consume(all).loss();
  }

  /** The same runs: errors and counts exactly, target weights to {@link #REL}. */
  private static void assertSameRuns(ErrorRuns expected, ErrorRuns actual, String path) {
    assertEquals(expected.size(), actual.size(), path + ": runs");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.error(i), actual.error(i), path + ": error of run " + i);
      assertEquals(expected.count(i), actual.count(i), path + ": count of run " + i);
      assertRelative(expected.positive(i), actual.positive(i), REL, path + ": positive weight of run " + i);
    }
  }

  @Test
  void allRunsMergedAtOnceGiveTheLossOfAllPixelsAsOneVector() {
    ErrorRuns all = ErrorRuns.merge(runs);
    assertEquals(0, runs.get(EMPTY_IMAGE).size());
    assertTrue(flat > 0 && Double.isFinite(flat), "loss " + flat);
    long sum = 0;
    for (ErrorRuns r : runs) {
      sum += r.totalCount();
    }
    assertEquals(sum, all.totalCount());
    assertTrue(all.size() < sum, "equal errors across images share a run");
    assertRelative(flat, sweep(all), REL, "merged at once");
  }

  @Test
  void halvesMergedEitherWayGiveTheSameRunsAndLoss() {
    ErrorRuns all = ErrorRuns.merge(runs);
    int half = IMAGES / 2;
    ErrorRuns first = ErrorRuns.merge(runs.subList(0, half));
    ErrorRuns second = ErrorRuns.merge(runs.subList(half, IMAGES));
    assertSameRuns(all, ErrorRuns.merge(List.of(first, second)), "first half + second");
    assertSameRuns(all, ErrorRuns.merge(List.of(second, first)), "second half + first");
    assertRelative(flat, sweep(ErrorRuns.merge(List.of(second, first))), REL, "halves");
  }

  @Test
  void randomPartsMergedInRandomOrderGiveTheSameRunsAndLoss() {
    ErrorRuns all = ErrorRuns.merge(runs);
    Random rnd = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      List<List<ErrorRuns>> parts = MergePaths.randomParts(runs, rnd);
      List<ErrorRuns> merged = new ArrayList<>();
      for (List<ErrorRuns> part : parts) {
        merged.add(ErrorRuns.merge(part));
      }
      ErrorRuns result = ErrorRuns.merge(merged);
      assertSameRuns(all, result, "trial " + trial + ", " + parts.size() + " parts");
      assertRelative(flat, sweep(result), REL, "trial " + trial);
    }
  }

  @Test
  void runsThroughTheirBytesGiveTheSameRunsAndLoss() {
    List<ErrorRuns> read = new ArrayList<>();
    for (ErrorRuns r : runs) {
      ErrorRuns back = ErrorRuns.fromBytes(r.toBytes());
      assertSameRuns(r, back, "bytes");
      read.add(back);
    }
    assertRelative(flat, sweep(ErrorRuns.merge(read)), REL, "through bytes");
  }

  @Test
  void bucketsCutBySampledBoundariesGiveTheSameLoss() {
    List<Quantiles.WeightedSample> samples = new ArrayList<>();
    for (ErrorRuns r : runs) {
      samples.add(Quantiles.sample(r, 8));
    }
    for (int buckets : new int[] {1, 2, 5, 17}) {
      double[] boundaries = Quantiles.chooseBoundaries(samples, buckets);
      List<List<ErrorRuns>> perBucket = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        perBucket.add(new ArrayList<>());
      }
      List<ErrorRuns> shuffled = new ArrayList<>(runs);
      Collections.shuffle(shuffled, new Random(buckets));
      for (ErrorRuns r : shuffled) {
        int[] starts = r.bucketStarts(boundaries);
        for (int b = 0; b < buckets; b++) {
          perBucket.get(b).add(ErrorRuns.fromBytes(r.toBytes(starts[b], starts[b + 1])));
        }
      }
      List<ErrorRuns> bucketsInOrder = new ArrayList<>();
      long pixels = 0;
      for (List<ErrorRuns> bucket : perBucket) {
        ErrorRuns merged = ErrorRuns.merge(bucket);
        pixels += merged.totalCount();
        bucketsInOrder.add(merged);
      }
      assertEquals(ErrorRuns.merge(runs).totalCount(), pixels, buckets + " buckets: every run in one bucket");
      assertRelative(flat, LovaszSweep.datasetLoss(g, bucketsInOrder), REL, buckets + " buckets");
    }
  }
}
