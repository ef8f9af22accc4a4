package io.segeval.jobs.lovasz;

/**
 * Packs the buckets of the dataset-wide Lovász sort into partitions: consecutive buckets share one
 * while their sampled runs add up to at most {@code maxRuns}, so that many small series (a class of
 * a group: (1 + G) × C series for Lovász-softmax) cost a few tasks instead of one each, and a
 * partition still holds about one full bucket at most (a bucket of more than {@code maxRuns} runs
 * gets a partition of its own).
 */
final class BucketPacking {
  private BucketPacking() {}

  /** The partition of each bucket, numbered from 0 in bucket order. */
  static int[] partitionOf(long[] bucketRuns, long maxRuns) {
    int[] partitionOf = new int[bucketRuns.length];
    int partition = -1;
    long inPartition = 0;
    for (int b = 0; b < bucketRuns.length; b++) {
      if (partition < 0 || inPartition + bucketRuns[b] > maxRuns) {
        partition++;
        inPartition = 0;
      }
      partitionOf[b] = partition;
      inPartition += bucketRuns[b];
    }
    return partitionOf;
  }

  /** How many partitions the buckets use: {@link #partitionOf} numbers them from 0, in bucket order. */
  static int partitions(int[] partitionOf) {
    return partitionOf.length == 0 ? 0 : partitionOf[partitionOf.length - 1] + 1;
  }
}
