package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.jobs.input.ImageRecordException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter.Result;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** Spark's lines about a task that failed on a bad record go; everything else stays. */
class BadRecordLogFilterTest {
  private static final String TSM = "org.apache.spark.scheduler.TaskSetManager";

  private static LogEvent event(String logger, Level level, String message, Throwable thrown) {
    return Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level)
        .setMessage(new SimpleMessage(message)).setThrown(thrown).build();
  }

  @Test
  void theFailedTaskLinesOfABadRecordAreDroppedAndOthersKept() {
    BadRecordLogFilter filter = new BadRecordLogFilter();
    // before any bad record: a job aborted for another reason is logged as usual
    assertEquals(Result.NEUTRAL, filter.filter(event(TSM, Level.ERROR, "Task 1 in stage 0.0 failed 1 times; aborting job", null)));
    // the executor's ERROR carries the exception, wrapped or not
    ImageRecordException bad = new ImageRecordException("nan", "file:/p/nan.npy", "non-finite prediction NaN at (row 1, col 1)");
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 1.0 in stage 0.0 (TID 1)", new RuntimeException(bad))));
    // the scheduler repeats it as text, then aborts the job
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.WARN, "Lost task 1.0 in stage 0.0 (TID 1) (localhost executor"
        + " driver): " + ImageRecordException.class.getName() + ": image 'nan' ...\n\tat ...", null)));
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.ERROR, "Task 1 in stage 0.0 failed 1 times; aborting job", null)));
    // as do the writer's aborted tasks when the job was writing (pack)
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.sql.execution.datasources.FileFormatWriter",
        Level.ERROR, "Job: job_1, Task: task_1, Task attempt attempt_1 aborted.", null)));
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.util.Utils", Level.ERROR, "Aborting task",
        new InterruptedException())));
    assertEquals(Result.DENY, filter.filter(event("org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter",
        Level.WARN, "Could not delete file:/t/.table.segeval-staging-1/_temporary/0/_temporary/attempt_1", null)));
    // anything else stays
    assertEquals(Result.NEUTRAL, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 2.0 in stage 0.0 (TID 2)", new OutOfMemoryError("Java heap space"))));
    assertEquals(Result.NEUTRAL, filter.filter(event(TSM, Level.WARN, "Lost task 2.0 in stage 0.0 (TID 2): ExecutorLostFailure", null)));
  }
}
