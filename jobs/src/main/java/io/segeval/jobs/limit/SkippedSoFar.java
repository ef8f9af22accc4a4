package io.segeval.jobs.limit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The skipped records of some partitions (or of the pairing, before any): their exact count, the
 * count per class of reason, and the first {@link #KEPT} of them in {@link SkippedRecord#LOG_ORDER}
 * (only those are kept, so a partition of a million skipped records sends a few to the driver).
 */
public final class SkippedSoFar implements Serializable {
  /** The records named in the log (as {@code Rejections} names them when they stop a run). */
  public static final int KEPT = 10;

  private long count;
  private final Map<String, Long> byKind = new LinkedHashMap<>();
  private final ArrayList<SkippedRecord> first = new ArrayList<>();

  /** Counts {@code record}, keeping it if it is among the first {@link #KEPT}. */
  public void add(SkippedRecord record) {
    count++;
    byKind.merge(record.kind(), 1L, Long::sum);
    keep(List.of(record));
  }

  /** Adds {@code other}'s records to these (other partitions: no record is in both). */
  public void addAll(SkippedSoFar other) {
    count += other.count;
    other.byKind.forEach((k, n) -> byKind.merge(k, n, Long::sum));
    keep(other.first);
  }

  private void keep(Collection<SkippedRecord> records) {
    first.addAll(records);
    first.sort(SkippedRecord.LOG_ORDER);
    while (first.size() > KEPT) {
      first.remove(first.size() - 1);
    }
  }

  public long count() {
    return count;
  }

  /** The count per class of reason, most frequent first (then by class), as summary.json's by_reason. */
  public Map<String, Long> byKind() {
    Map<String, Long> sorted = new LinkedHashMap<>();
    byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** The first {@link #KEPT} records, by group key, then image_id. */
  public List<SkippedRecord> first() {
    return new ArrayList<>(first);
  }
}
