package io.segeval.jobs.lovasz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.LovaszSweep;
import io.segeval.core.lovasz.Quantiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The steps of the dataset-wide Lovász sort without Spark: the buckets a sample gives
 * ({@link BucketLayout}), an image's runs cut into them ({@link BucketCutter}), their offsets
 * ({@link PrefixCounts}) and sweeps ({@link BucketSweep}), whose sum is the loss of all the errors
 * swept at once.
 */
class BucketStepsTest {
  private static Quantiles.WeightedSample sample(double[] values, long[] weights) {
    return new Quantiles.WeightedSample(values, weights);
  }

  @Test
  void theSampleGivesEachSortedSeriesItsBucketsAndPacksThem() {
    // series 0: 25 runs → ⌈25 / 10⌉ = 3 buckets of 9; series 1 not sorted; series 2: 4 runs → 1 bucket
    List<List<Quantiles.WeightedSample>> samples = List.of(
        List.of(sample(new double[] {0.9, 0.6}, new long[] {10, 5}), sample(new double[] {0.3}, new long[] {10})),
        List.of(sample(new double[] {0.8}, new long[] {7})),
        List.of(sample(new double[] {0.5}, new long[] {4})));
    BucketLayout layout = BucketLayout.of(samples, new boolean[] {true, false, true}, 10);
    assertArrayEquals(new int[] {0, 3, 3, 4}, layout.firstBucket());
    assertEquals(2, layout.boundaries()[0].length);
    assertNull(layout.boundaries()[1]);
    assertEquals(0, layout.boundaries()[2].length);
    // 9 + 9 > 10: one bucket of 9 per partition; 9 + 4 > 10: series 2's bucket alone too
    assertArrayEquals(new int[] {0, 1, 2, 3}, layout.partitionOf());
    assertEquals(4, layout.buckets());
    assertEquals(4, layout.partitions());
    assertEquals(2, layout.sortedSeries());
    assertArrayEquals(new double[] {0.5, 0.5, 0.5, 2.0}, layout.perBucket(new double[] {0.5, 7.0, 2.0}));
    // Σ contributions per series, in bucket order; NaN for the series not sorted
    assertArrayEquals(new double[] {0.875, Double.NaN, 2.0}, layout.seriesLosses(new double[] {0.5, 0.25, 0.125, 2.0}));
  }

  @Test
  void noSeriesSortedNoBucketNoPartition() {
    BucketLayout layout = BucketLayout.of(List.of(List.of(), List.of()), new boolean[] {false, false}, 10);
    assertEquals(0, layout.buckets());
    assertEquals(0, layout.partitions());
    assertArrayEquals(new double[] {Double.NaN, Double.NaN}, layout.seriesLosses(new double[0]));
  }

  @Test
  void prefixCountsAddTheBucketsBeforeEachInItsSeries() {
    // series 0: buckets 0..2 (bucket 1 got no run), series 1: bucket 3
    double[][] totals = {{1, 2}, null, {3, 4}, {5, 6}};
    double[][] before = PrefixCounts.before(totals, new int[] {0, 3, 4});
    assertArrayEquals(new double[] {0, 0}, before[0]);
    assertArrayEquals(new double[] {1, 2}, before[1]);
    assertArrayEquals(new double[] {1, 2}, before[2]);
    assertArrayEquals(new double[] {0, 0}, before[3]);
  }

  /**
   * Errors 2, 1.5, 1.5, 0.75, 0.5, 0.25, -0.5 with targets 1, 0, 1, 1, 0, 0, 1 (g = 4): the Lovász
   * hinge as one vector, by NumPy (sort descending, the Lovász gradient of the sorted targets, the
   * dot product with relu(errors)): 1.1976190476190476. Cut at 1.0 into two buckets, swept apart.
   */
  @Test
  void bucketsSweptFromTheirOffsetsAddUpToTheLossOfAllErrors() {
    double[] errors = {2.0, 1.5, 1.5, 0.75, 0.5, 0.25, -0.5};
    double[] targets = {1, 0, 1, 1, 0, 0, 1};
    ErrorRuns runs = ErrorRuns.fromSorted(errors, targets, errors.length);
    BucketLayout layout = new BucketLayout(new double[][] {{1.0}}, new int[] {0, 2}, new int[] {0, 0});

    List<Tuple2<Integer, byte[]>> cut = new ArrayList<>();
    BucketCutter.cut(runs, runs.size(), layout.boundaries()[0], layout.firstBucket()[0], cut);
    assertEquals(List.of(0, 1), cut.stream().map(Tuple2::_1).toList());

    double[][] totals = new double[layout.buckets()][];
    PrefixCounts.ofPartition(cut.iterator()).forEachRemaining(t -> totals[t._1()] = t._2());
    // bucket 0: errors 2, 1.5, 1.5 (2 targets, 1 other); bucket 1: 0.75, 0.5, 0.25 (the -0.5 is no run)
    assertArrayEquals(new double[] {2, 1}, totals[0]);
    assertArrayEquals(new double[] {1, 2}, totals[1]);
    double[][] before = PrefixCounts.before(totals, layout.firstBucket());

    double[] contributions = new double[layout.buckets()];
    BucketSweep.ofPartition(cut.iterator(), layout.perBucket(new double[] {4}), before)
        .forEachRemaining(t -> contributions[t._1()] = t._2());
    assertEquals(1.1976190476190476, layout.seriesLosses(contributions)[0], 1e-15);
  }

  /**
   * Every target pixel has a positive error here (g = 3, all in runs), the least of them 0.9: the
   * other pixels' runs below 0.9 add terms of exactly 0, so leaving them out (the 0.6 at the end of
   * bucket 2, all of bucket 3) gives the same loss bit for bit, that of all errors swept at once.
   */
  @Test
  void runsBelowTheLeastTargetErrorAreLeftOutWithTheSameLoss() {
    double[] errors = {2.0, 1.5, 1.2, 1.1, 0.9, 0.6, 0.3, 0.1};
    double[] targets = {1, 0, 1, 0, 1, 0, 0, 0};
    ErrorRuns image1 = ErrorRuns.fromSorted(errors, targets, errors.length);
    double[] errors2 = {1.3, 1.25, 0.95, 0.2};
    ErrorRuns image2 = ErrorRuns.fromSorted(errors2, new double[4], errors2.length);
    List<Tuple2<Integer, ErrorSample.SeriesSample>> sample = List.of(
        new Tuple2<>(0, new ErrorSample.SeriesSample(null, 0.9, 3, true)),
        new Tuple2<>(0, new ErrorSample.SeriesSample(null, Double.POSITIVE_INFINITY, 0, true)));
    double keepFrom = ErrorSample.keepFrom(sample, new double[] {3})[0];
    assertEquals(0.9, keepFrom);
    BucketLayout layout = new BucketLayout(new double[][] {{1.4, 1.0, 0.5}}, new int[] {0, 4}, new int[] {0, 0, 0, 0});

    double all = sweep(layout, 3, List.of(image1, image2), List.of(image1.size(), image2.size()));
    double leftOut = sweep(layout, 3, List.of(image1, image2),
        List.of(image1.countAtLeast(keepFrom), image2.countAtLeast(keepFrom)));
    assertEquals(List.of(5, 3), List.of(image1.countAtLeast(keepFrom), image2.countAtLeast(keepFrom)));
    assertEquals(Double.doubleToRawLongBits(all), Double.doubleToRawLongBits(leftOut));
    assertEquals(new LovaszSweep(3, 0, 0).consume(ErrorRuns.merge(List.of(image1, image2))).loss(), all, 1e-15);
  }

  @Test
  void nothingIsLeftOutUnlessEveryTargetIsInARunWithWholeWeights() {
    double[] g = {3, 3, 3, 0, 3};
    List<Tuple2<Integer, ErrorSample.SeriesSample>> sample = List.of(
        new Tuple2<>(0, new ErrorSample.SeriesSample(null, 0.5, 3, true)),  // all in runs: from 0.5
        new Tuple2<>(1, new ErrorSample.SeriesSample(null, 0.5, 2, true)),  // a target with error <= 0
        new Tuple2<>(2, new ErrorSample.SeriesSample(null, 0.5, 3, false)), // soft targets
        new Tuple2<>(3, new ErrorSample.SeriesSample(null, Double.POSITIVE_INFINITY, 0, true)), // g = 0
        new Tuple2<>(4, new ErrorSample.SeriesSample(null, Double.NaN, 3, true))); // a NaN error
    double[] keepFrom = ErrorSample.keepFrom(sample, g);
    assertArrayEquals(new double[] {0.5, 0, 0, 0, Double.NaN}, keepFrom);
    ErrorRuns nan = ErrorRuns.fromSorted(new double[] {Double.NaN, 0.7, 0.2}, new double[] {1, 0, 0}, 3);
    assertEquals(3, nan.countAtLeast(Double.NaN));
    assertEquals(2, nan.countAtLeast(0.5));
  }

  /** The loss of one series from images' runs, each cut after its first {@code ends} runs. */
  private static double sweep(BucketLayout layout, double g, List<ErrorRuns> images, List<Integer> ends) {
    List<Tuple2<Integer, byte[]>> cut = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      BucketCutter.cut(images.get(i), ends.get(i), layout.boundaries()[0], layout.firstBucket()[0], cut);
    }
    double[][] totals = new double[layout.buckets()][];
    PrefixCounts.ofPartition(cut.iterator()).forEachRemaining(t -> totals[t._1()] = t._2());
    double[][] before = PrefixCounts.before(totals, layout.firstBucket());
    double[] contributions = new double[layout.buckets()];
    BucketSweep.ofPartition(cut.iterator(), layout.perBucket(new double[] {g}), before)
        .forEachRemaining(t -> contributions[t._1()] = t._2());
    return layout.seriesLosses(contributions)[0];
  }
}
