package io.segeval.jobs.lovasz;

import java.util.Arrays;
import org.apache.spark.Partitioner;

/**
 * The emitted keys are bucket ids; a bucket's partition is {@code partitionOf[bucket]}
 * ({@link BucketPacking#partitionOf}).
 */
final class BucketPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int[] partitionOf;
  private final int partitions;

  BucketPartitioner(int[] partitionOf) {
    this.partitionOf = partitionOf.clone();
    this.partitions = BucketPacking.partitions(partitionOf);
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return partitionOf[(Integer) key];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BucketPartitioner b && Arrays.equals(b.partitionOf, partitionOf);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(partitionOf);
  }
}
