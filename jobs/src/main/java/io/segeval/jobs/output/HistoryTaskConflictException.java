package io.segeval.jobs.output;

/**
 * A run whose history table became another task's while it ran: a run of the other task made the
 * new table's {@value HistoryTaskMarker#NAME} first. Nothing is appended (exit 1); the run's results
 * are in its OUTPUT.
 */
public final class HistoryTaskConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  HistoryTaskConflictException(String table, String tableTask, String runTask, String output) {
    super("--history " + table + " became a " + tableTask + " history while this " + runTask + " run ran (a "
        + tableTask + " run appended first; its " + HistoryTaskMarker.NAME + " says so): this run's rows are not"
        + " appended, its results are in " + output + "; keep one history table per task");
  }
}
