package io.segeval.jobs.output;

/**
 * A run whose history table became another task's while it ran: a run of the other task claimed
 * the new table's {@value HistoryTaskMarker#NAME} first. Found before OUTPUT is committed, so
 * nothing of the run is written (exit 1): no OUTPUT (an existing one stays as it was), no rows.
 */
public final class HistoryTaskConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  HistoryTaskConflictException(String table, String tableTask, String runTask) {
    super("--history " + table + " became a " + tableTask + " history while this " + runTask + " run ran (a "
        + tableTask + " run claimed it first; its " + HistoryTaskMarker.NAME + " says so): nothing of this run is"
        + " written, no OUTPUT and no history rows; keep one history table per task");
  }
}
