package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.core.RefusedArgumentException;
import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.SparkIllegalArgumentException;
import org.apache.spark.SparkThrowable;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the user reads for failures that do not come from their data. */
class FailuresTest {

  @Test
  void javaTooNewForHadoopSaysWhichJavaToUse() {
    // what Hadoop's UserGroupInformation throws on Java 24+, wrapped as Spark wraps it
    Exception e = new RuntimeException("listing failed",
        new UnsupportedOperationException("getSubject is not supported"));
    assertEquals(Failures.unsupportedJava(Runtime.version().feature()), Failures.message(e));
    assertEquals("this is Java 25, and the Hadoop client that Spark 4.1 ships does not run on Java 23"
            + " or later (Subject.getSubject is not supported); run SegEval on Java 17 or 21 (set JAVA_HOME)",
        Failures.unsupportedJava(25));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(e));
  }

  /**
   * A TERM while Spark starts: its shutdown hook stops the context under the run, which then fails
   * with "stopped SparkContext". That is no reason of the run's: nothing is printed (the signal's
   * status is the exit status), where an unreachable master, with no shutdown, is said.
   */
  @Test
  void aFailureWhileTheJvmShutsDownPrintsNothing() {
    Exception stopped = new IllegalStateException("Cannot call methods on a stopped SparkContext.");
    for (boolean shuttingDown : new boolean[] {true, false}) {
      StringWriter err = new StringWriter();
      CommandLine cmd = new CommandLine(CommandLine.Model.CommandSpec.create());
      cmd.setErr(new PrintWriter(err));
      int status = new FailureHandler(() -> shuttingDown).handleExecutionException(stopped, cmd, null);
      assertEquals(ExitCode.FAILED, status);
      assertEquals(shuttingDown ? "" : "segeval: Spark stopped before the job could run: its master could not be"
          + " reached, or the application was killed (Spark's log above says which)" + System.lineSeparator(),
          err.toString());
    }
    assertFalse(FailureHandler.jvmShuttingDown());
  }

  @Test
  void aFailedSparkJobSaysTheReasonNotTheWrapping() {
    // what reading a folder of .npy files as a Parquet --table gives, as Spark nests it
    Exception footer = new ConditionException("FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER",
        "[FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER] Encountered error while reading file file:/data/pred/img_000.npy."
            + " Could not read footer.\nIf not, please convert it to a valid format. SQLSTATE: KD001",
        new RuntimeException("footer is too large"));
    Exception job = new SparkException("Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times,"
        + " most recent failure: ...", new SparkException("Exception thrown in awaitResult: ", footer));
    String reason = Failures.message(job);
    assertTrue(reason.startsWith("[FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER] Encountered error while reading file"
        + " file:/data/pred/img_000.npy."), reason);
    assertFalse(reason.contains("\n"), reason);
  }

  @Test
  void sparksMemoryCheckKeepsItsFixInTheOneLine() {
    // Spark's own check, as it starts a context with too little executor memory
    SparkConf conf = new SparkConf(false).set("spark.executor.memory", "300m");
    Exception refusal = assertThrows(SparkIllegalArgumentException.class, () -> UnifiedMemoryManager.apply(conf, 1));
    assertEquals("[INVALID_EXECUTOR_MEMORY] Executor memory 314572800 must be at least 471859200. Please increase"
        + " executor memory using the --executor-memory option or \"spark.executor.memory\" in Spark configuration.",
        Failures.message(refusal));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(refusal));
  }

  @Test
  void aReadFailureThatOutlastedTheRetriesIsItsOwnLine() {
    io.segeval.jobs.input.InputReadException read = new io.segeval.jobs.input.InputReadException(
        "hdfs:///p/a.npy", new IOException("Connection reset")).forImage("a");
    Exception job = new SparkException("Job aborted due to stage failure: Task 0 in stage 0.0 failed 4 times, ...",
        read);
    assertEquals(read.getMessage(), Failures.message(job));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(job));
    // the cause did not travel back: Spark's text names it
    Exception text = new SparkException("Job aborted due to stage failure: Task 0 in stage 0.0 failed 4 times, most"
        + " recent failure: Lost task 0.3 (TID 7) (10.0.0.5 executor 1): " + read.getClass().getName() + ": "
        + read.getMessage() + "\n\tat io.segeval.jobs.input.ImageDecoder.file(ImageDecoder.java:85)");
    assertEquals(read.getMessage(), Failures.message(text));
  }

  @Test
  void aSqlFunctionsRefusalInsideAFailedJobIsItsOwnLine() {
    Exception job = new SparkException("Job aborted due to stage failure: ... most recent failure: ...",
        new RefusedArgumentException("pred has 2 values but target has 3"));
    assertEquals("pred has 2 values but target has 3", Failures.message(job));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(job));
    // a cluster's task failure whose cause did not travel back: Spark's text names it
    Exception text = new SparkException("Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most"
        + " recent failure: Lost task 0.3 (TID 7) (10.0.0.5 executor 1): " + RefusedArgumentException.class.getName()
        + ": pred has 2 values but target has 3\n\tat io.segeval.spark.BinaryCountsAggregator.reduce(...)");
    assertEquals("pred has 2 values but target has 3", Failures.message(text));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(text));
  }

  @Test
  void aUsageErrorIsExitTwoWhereverItIsWrapped() {
    UsageException usage = new UsageException("--group-by: no column 'site' (available: model, split, image_dir)");
    for (Exception e : List.of(usage, new RuntimeException("preparing the run", usage),
        new UncheckedIOException("reading the table", new IOException("wrapped", usage)))) {
      assertEquals(ExitCode.USAGE, FailureHandler.exitCode(e));
      assertEquals(usage.getMessage(), Failures.message(e));
    }
  }

  @Test
  void anIllegalArgumentExceptionOfAnotherTypeIsAFailure() {
    // a library's, on the driver, at the top of the chain: no bad command line
    IllegalArgumentException hadoop = new IllegalArgumentException("Wrong FS: hdfs://nn/x, expected: file:///");
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(hadoop));
    assertEquals("IllegalArgumentException: Wrong FS: hdfs://nn/x, expected: file:///", Failures.message(hadoop));
    // one inside a failed job, thrown from SegEval's code or not, is no refusal written for the user
    Exception job = new SparkException("Job aborted due to stage failure: ... most recent failure: ...",
        new IllegalArgumentException("requirement failed"));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(job));
    assertEquals("SparkException: Job aborted due to stage failure: ... most recent failure: ...", Failures.message(job));
  }

  @Test
  void aSparkStoppedUnderTheJobSaysWhyItMayHaveStopped() {
    assertEquals("Spark stopped before the job could run: its master could not be reached, or the application was"
        + " killed (Spark's log above says which)",
        Failures.message(new IllegalStateException("Cannot call methods on a stopped SparkContext.\nThis stopped"
            + " SparkContext was created at: ...")));
  }

  /** A Spark error with an error condition, as Spark's own exceptions are. */
  private static final class ConditionException extends RuntimeException implements SparkThrowable {
    private final String condition;

    ConditionException(String condition, String message, Throwable cause) {
      super(message, cause);
      this.condition = condition;
    }

    @Override
    public String getCondition() {
      return condition;
    }
  }

  @Test
  void otherFailuresKeepTheirClassAndFirstLine() {
    assertEquals("UnsupportedOperationException: not here",
        Failures.message(new UnsupportedOperationException("not here\nsecond line")));
    assertEquals("IllegalStateException: the reason",
        Failures.message(new IllegalStateException("\n  \nthe reason\n\n== SQL ==\nSELEC 1")));
  }
}
