package io.segeval.jobs.output;

import io.segeval.jobs.MessageText;
import org.apache.hadoop.fs.Path;

/**
 * A run could not append to its history table (exit 1): its task marker could not be read or
 * claimed ({@link #nothingWritten}: before OUTPUT, so nothing of the run is written), or its rows
 * could not be written into its staging folder or moved into the table ({@link #rowsNotAppended}:
 * nothing of the run is left in the table, its results are in its OUTPUT).
 */
public final class HistoryAppendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private HistoryAppendException(Path table, String outcome, Throwable cause) {
    super("cannot append to the history table " + table + ": " + reason(cause) + " (" + outcome + ")", cause);
  }

  /** The table's task could not be read or claimed, before the run wrote anything. */
  static HistoryAppendException nothingWritten(Path table, Throwable cause) {
    return new HistoryAppendException(table, "nothing of the run is written: no OUTPUT, no history rows", cause);
  }

  /** The run's rows could not be appended, after its OUTPUT was written. */
  static HistoryAppendException rowsNotAppended(Path table, String output, Throwable cause) {
    return new HistoryAppendException(table, "the run's rows are not appended; its results are in " + output, cause);
  }

  /**
   * The message of the deepest cause that has one: the storage's own words, where Spark's job
   * failure only says that a task failed while writing rows.
   */
  private static String reason(Throwable e) {
    String reason = e.toString();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = MessageText.firstLine(t.getMessage()); // not blank: a line that is not empty
      }
    }
    return reason;
  }
}
