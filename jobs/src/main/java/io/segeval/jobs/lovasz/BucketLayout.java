package io.segeval.jobs.lovasz;

import io.segeval.core.NeumaierSum;
import io.segeval.core.lovasz.Quantiles;
import java.util.Arrays;
import java.util.List;

/**
 * The buckets of every series of the dataset-wide Lovász sort: series s owns buckets
 * [firstBucket[s], firstBucket[s + 1]) (none when it is not sorted), cut at {@code boundaries[s]};
 * bucket b is sorted in partition {@code partitionOf[b]} ({@link BucketPacking}).
 */
record BucketLayout(double[][] boundaries, int[] firstBucket, int[] partitionOf) {

  /**
   * From the pooled samples of each series (one list per series; a value's weight: the runs it
   * stands for): per sorted series, buckets = ⌈runs / {@code maxRuns}⌉ (1 to 2^16), their
   * boundaries the sample's quantiles, each taken as ⌈runs / buckets⌉ runs when packing them into
   * partitions.
   */
  static BucketLayout of(List<List<Quantiles.WeightedSample>> samples, boolean[] sorted, long maxRuns) {
    int series = samples.size();
    double[][] boundaries = new double[series][];
    int[] firstBucket = new int[series + 1];
    long[] runsPerBucket = new long[series];
    for (int s = 0; s < series; s++) {
      if (!sorted[s]) {
        firstBucket[s + 1] = firstBucket[s]; // no bucket
        continue;
      }
      long runs = runs(samples.get(s));
      int buckets = (int) Math.max(1, Math.min(1 << 16, (runs + maxRuns - 1) / maxRuns));
      boundaries[s] = Quantiles.chooseBoundaries(samples.get(s), buckets);
      firstBucket[s + 1] = firstBucket[s] + buckets;
      runsPerBucket[s] = (runs + buckets - 1) / buckets; // the boundaries make buckets of about equal size
    }
    long[] bucketRuns = new long[firstBucket[series]];
    for (int s = 0; s < series; s++) {
      Arrays.fill(bucketRuns, firstBucket[s], firstBucket[s + 1], runsPerBucket[s]);
    }
    return new BucketLayout(boundaries, firstBucket, BucketPacking.partitionOf(bucketRuns, maxRuns));
  }

  /** Σ weights: the runs a series' sample stands for. */
  private static long runs(List<Quantiles.WeightedSample> samples) {
    long runs = 0;
    for (Quantiles.WeightedSample w : samples) {
      for (int i = 0; i < w.size(); i++) {
        runs += w.weight(i);
      }
    }
    return runs;
  }

  int series() {
    return firstBucket.length - 1;
  }

  int buckets() {
    return firstBucket[series()];
  }

  /** The series that have buckets: every sorted one has at least one. */
  int sortedSeries() {
    int sortedSeries = 0;
    for (int s = 0; s < series(); s++) {
      sortedSeries += firstBucket[s + 1] > firstBucket[s] ? 1 : 0;
    }
    return sortedSeries;
  }

  int partitions() {
    return BucketPacking.partitions(partitionOf);
  }

  /** Per bucket, its series' value of {@code perSeries} (e.g. the series' g). */
  double[] perBucket(double[] perSeries) {
    double[] perBucket = new double[buckets()];
    for (int s = 0; s < series(); s++) {
      Arrays.fill(perBucket, firstBucket[s], firstBucket[s + 1], perSeries[s]);
    }
    return perBucket;
  }

  /**
   * A series' loss: Σ its buckets' {@code contributions}, added in bucket order (Neumaier); NaN for a
   * series without buckets (not sorted).
   */
  double[] seriesLosses(double[] contributions) {
    double[] losses = new double[series()];
    for (int s = 0; s < series(); s++) {
      if (firstBucket[s + 1] == firstBucket[s]) {
        losses[s] = Double.NaN;
        continue;
      }
      NeumaierSum sum = new NeumaierSum();
      for (int b = firstBucket[s]; b < firstBucket[s + 1]; b++) {
        sum.add(contributions[b]);
      }
      losses[s] = sum.value();
    }
    return losses;
  }
}
