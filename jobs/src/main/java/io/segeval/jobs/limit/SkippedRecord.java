package io.segeval.jobs.limit;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One skipped bad record as the per-image stage's watch sees it: image_id, file, reason, the
 * reason's class ({@code by_reason}'s key) and the {@code --group-by} key (null without it).
 */
public record SkippedRecord(String imageId, String file, String reason, String kind, String groupKey)
    implements Serializable {
  /** The order the log names them in: by group key (none first), then image_id. */
  static final Comparator<SkippedRecord> LOG_ORDER = Comparator
      .comparing(SkippedRecord::groupKey, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
      .thenComparing(SkippedRecord::imageId, Comparator.nullsFirst(Comparator.<String>naturalOrder()));
}
