package io.segeval.jobs.output;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * When a run's hidden staging folder (of OUTPUT, or inside a history table) is a dead run's, and
 * no longer a running one's: nothing in it changed for {@link #AFTER}. A run killed on the way
 * (the JVM gone, no {@code finally}) leaves its folder; another run may remove it only then,
 * since a run that is still going (a long dataset-wide Lovász after per_image/ was staged) may
 * not touch its folder for a while, and deleting it would lose what it staged.
 */
final class Abandoned {
  private Abandoned() {}

  /** A staging folder unchanged for this long is a dead run's. */
  static final Duration AFTER = Duration.ofHours(24);

  /** Whether the latest change of {@code status} (and of everything in it) is more than {@link #AFTER} before {@code now}. */
  static boolean isAbandoned(FileSystem fs, FileStatus status, Instant now) throws IOException {
    return lastChange(fs, status) < now.minus(AFTER).toEpochMilli();
  }

  /** The latest modification time of {@code status} and, for a folder, of everything in it. */
  private static long lastChange(FileSystem fs, FileStatus status) throws IOException {
    long latest = status.getModificationTime();
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        latest = Math.max(latest, lastChange(fs, child));
      }
    }
    return latest;
  }
}
