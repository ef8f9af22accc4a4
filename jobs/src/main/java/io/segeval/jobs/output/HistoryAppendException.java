package io.segeval.jobs.output;

import org.apache.hadoop.fs.Path;

/**
 * A run's history rows could not be written into its staging folder or moved into the table (exit
 * 1): nothing of the run is left in the table, its results are in its OUTPUT.
 */
public final class HistoryAppendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  HistoryAppendException(Path table, String output, Throwable cause) {
    super("cannot append to the history table " + table + ": " + reason(cause) + " (the run's rows are not"
        + " appended; its results are in " + output + ")", cause);
  }

  /**
   * The message of the deepest cause that has one: the storage's own words, where Spark's job
   * failure only says that a task failed while writing rows.
   */
  private static String reason(Throwable e) {
    String reason = e.toString();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = t.getMessage().lines().findFirst().orElse(reason);
      }
    }
    return reason;
  }
}
