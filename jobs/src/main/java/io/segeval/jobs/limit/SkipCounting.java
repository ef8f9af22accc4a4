package io.segeval.jobs.limit;

import java.io.Serializable;
import java.util.Iterator;

/**
 * Counts the skipped records among a partition's rows as they pass, and adds them to the
 * {@link SkippedByPartition} once the partition is done (an unfinished one adds nothing).
 *
 * @param <R> the row bean
 */
public final class SkipCounting<R> implements Serializable {
  /** A row's skipped record, or null for a row that is not one. */
  public interface Skipped<R> extends Serializable {
    SkippedRecord of(R row);
  }

  private final SkippedByPartition accumulator;
  private final Skipped<R> skippedOf;

  SkipCounting(SkippedByPartition accumulator, Skipped<R> skippedOf) {
    this.accumulator = accumulator;
    this.skippedOf = skippedOf;
  }

  /** {@code rows} of partition {@code partition}, counted as they are read. */
  public Iterator<R> counted(int partition, Iterator<R> rows) {
    SkippedSoFar skipped = new SkippedSoFar();
    return new Iterator<>() {
      private boolean added;

      @Override
      public boolean hasNext() {
        boolean more = rows.hasNext();
        if (!more && !added) {
          added = true;
          accumulator.add(new SkippedByPartition.Done(partition, skipped));
        }
        return more;
      }

      @Override
      public R next() {
        R row = rows.next();
        SkippedRecord record = skippedOf.of(row);
        if (record != null) {
          skipped.add(record);
        }
        return row;
      }
    };
  }
}
