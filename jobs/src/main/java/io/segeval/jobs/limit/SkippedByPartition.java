package io.segeval.jobs.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * The skipped records of the per-image stage, by partition, added by each task when its partition
 * is done. Keyed by partition, a partition counts once however often it is computed (a retried or
 * speculative task, a lost cached block computed again), where a sum would count it again: the
 * driver's value is the exact count of the partitions done. Only the decision to stop early reads
 * it; summary.json's numbers come from the rows, as without a limit.
 */
public final class SkippedByPartition extends AccumulatorV2<SkippedByPartition.Done, Map<Integer, SkippedSoFar>> {
  /** One partition's skipped records, once it is done. */
  public record Done(int partition, SkippedSoFar skipped) implements java.io.Serializable {}

  // concurrent: the driver merges task results on the scheduler's thread while the watch reads
  private final ConcurrentHashMap<Integer, SkippedSoFar> byPartition = new ConcurrentHashMap<>();

  @Override
  public boolean isZero() {
    return byPartition.isEmpty();
  }

  @Override
  public SkippedByPartition copy() {
    SkippedByPartition copy = new SkippedByPartition();
    copy.byPartition.putAll(byPartition);
    return copy;
  }

  @Override
  public void reset() {
    byPartition.clear();
  }

  @Override
  public void add(Done done) {
    byPartition.putIfAbsent(done.partition(), done.skipped());
  }

  @Override
  public void merge(AccumulatorV2<Done, Map<Integer, SkippedSoFar>> other) {
    other.value().forEach(byPartition::putIfAbsent);
  }

  @Override
  public Map<Integer, SkippedSoFar> value() {
    return byPartition;
  }

  /** The skipped records of every partition done so far. */
  public SkippedSoFar total() {
    SkippedSoFar total = new SkippedSoFar();
    byPartition.values().forEach(total::addAll);
    return total;
  }

  /** How many records the partitions done skipped (cheap: no merge of their records, for each task's end). */
  public long count() {
    return byPartition.values().stream().mapToLong(SkippedSoFar::count).sum();
  }

  /** How many partitions are done. */
  public int partitionsDone() {
    return byPartition.size();
  }
}
