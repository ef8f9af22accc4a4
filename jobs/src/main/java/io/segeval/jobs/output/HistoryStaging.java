package io.segeval.jobs.output;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a run stages inside a history table, and its removal: the folders
 * {@code _segeval-staging-<run_id>}, where each run writes its rows before it moves them into the
 * table ({@link HistoryWrite}), and the files {@code _segeval-staging-<id>.task}, holding a new
 * table's {@link HistoryTaskMarker} line before it takes the marker's name. A run deletes its own
 * whether it succeeded or failed, and a run that appended removes those that runs killed on the
 * way (the JVM gone, no {@code finally}) left behind.
 */
final class HistoryStaging {
  private HistoryStaging() {}

  private static final Logger LOG = LogManager.getLogger(HistoryStaging.class);

  /** Readers skip it (Spark's file sources ignore names starting with _). */
  static final String PREFIX = "_segeval-staging-";

  /**
   * A staging folder in which nothing changed for this long is a dead run's: a run writes its few
   * rows and moves them in within seconds of making it, so one that is still appending changed it
   * just now.
   */
  static final Duration DEAD_AFTER = Abandoned.AFTER;

  static Path of(Path table, String runId) {
    return new Path(table, PREFIX + runId);
  }

  /** A new file for the line of {@code table}'s task marker, before it becomes the marker. */
  static Path markerOf(Path table) {
    return new Path(table, PREFIX + UUID.randomUUID() + ".task");
  }

  /**
   * Deletes a run's staging folder or marker file, if there; a failure to is logged, not thrown
   * (the run's own outcome stands).
   */
  static void delete(FileSystem fs, Path staged) {
    try {
      if (fs.exists(staged) && !fs.delete(staged, true)) {
        LOG.warn("could not delete the history run's staged {}; a later run removes it after {} h", staged,
            DEAD_AFTER.toHours());
      }
    } catch (IOException e) {
      LOG.warn("could not delete the history run's staged {}: {}; a later run removes it after {} h", staged,
          e.getMessage(), DEAD_AFTER.toHours());
    }
  }

  /**
   * Removes the staging folders and marker files of {@code table} whose latest change (of the
   * folder or anything in it) is more than {@link #DEAD_AFTER} before {@code now}, logging each; a
   * failure is logged, not thrown (the run appended).
   */
  static void removeDead(FileSystem fs, Path table, Instant now) {
    try {
      for (FileStatus folder : fs.listStatus(table, p -> p.getName().startsWith(PREFIX))) {
        if (Abandoned.isAbandoned(fs, folder, now) && fs.delete(folder.getPath(), true)) {
          LOG.info("removed {}, left by a history run that stopped (unchanged for more than {} h)", folder.getPath(),
              DEAD_AFTER.toHours());
        }
      }
    } catch (IOException e) {
      LOG.warn("could not remove the dead staging folders of the history table {}: {}", table, e.getMessage());
    }
  }
}
