package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** The one line a failed history append ends with: the deepest cause's first line that says something. */
class HistoryAppendExceptionTest {
  private static final Path TABLE = new Path("file:/lake/history");

  @Test
  void theReasonIsTheDeepestCausesFirstNonEmptyLine() {
    // Spark's parse and analysis errors start with a line break: their first line is empty
    Exception cause = new RuntimeException("job aborted", new IOException("\n  No space left on device\n\tdetails"));
    assertEquals("cannot append to the history table file:/lake/history: No space left on device (the run's rows"
        + " are not appended; its results are in /out)",
        HistoryAppendException.rowsNotAppended(TABLE, "/out", cause).getMessage());
  }

  @Test
  void aCauseWithoutAMessageIsNamedByItsType() {
    assertEquals("cannot append to the history table file:/lake/history: java.io.IOException (nothing of the run is"
        + " written: no OUTPUT, no history rows)",
        HistoryAppendException.nothingWritten(TABLE, new IOException()).getMessage());
  }
}
