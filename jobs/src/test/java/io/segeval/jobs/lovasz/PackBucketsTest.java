package io.segeval.jobs.lovasz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link BucketPacking#partitionOf}: consecutive buckets share a partition while their runs add up
 * to at most the limit; a bucket over the limit gets a partition of its own.
 */
class PackBucketsTest {
  @Test
  void smallBucketsShareAPartitionUpToTheLimit() {
    // 4 + 3 = 7 ≤ 10; 7 + 5 > 10 starts partition 1; 5 + 5 = 10 ≤ 10; 10 + 1 > 10 starts partition 2
    assertArrayEquals(new int[] {0, 0, 1, 1, 2}, BucketPacking.partitionOf(new long[] {4, 3, 5, 5, 1}, 10));
  }

  @Test
  void aBucketOverTheLimitIsAlone() {
    assertArrayEquals(new int[] {0, 1, 2, 2}, BucketPacking.partitionOf(new long[] {1, 25, 2, 3}, 10));
  }

  @Test
  void thousandsOfTinySeriesFitInAFewPartitions() {
    // 150 classes × 51 blocks of 10k 8×8 images: 7,650 buckets of about 84 runs each
    long[] runs = new long[7650];
    java.util.Arrays.fill(runs, 84);
    int[] partitionOf = BucketPacking.partitionOf(runs, GlobalLovasz.BUCKET_RUNS);
    assertEquals(0, partitionOf[partitionOf.length - 1]);
    // full buckets of one large series stay one per partition
    long[] large = {GlobalLovasz.BUCKET_RUNS, GlobalLovasz.BUCKET_RUNS, GlobalLovasz.BUCKET_RUNS - 1};
    assertArrayEquals(new int[] {0, 1, 2}, BucketPacking.partitionOf(large, GlobalLovasz.BUCKET_RUNS));
  }

  @Test
  void noBucketNoPartition() {
    assertArrayEquals(new int[0], BucketPacking.partitionOf(new long[0], 10));
  }
}
