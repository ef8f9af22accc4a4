package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.codec.Reason;
import io.segeval.core.RefusedArgumentException;
import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.ImageSource;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter.Result;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.spark.SparkException;
import org.apache.spark.rpc.RpcEnvStoppedException;
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
    ImageRecordException bad = new ImageRecordException("nan", "file:/p/nan.npy",
        Reason.constant("non-finite prediction NaN at (row 1, col 1)"));
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
    // a task cancelled while it wrote its Parquet file (pack of 3-D volumes): Spark's WARN with the trace
    SparkException interruptedWrite = new SparkException("[TASK_WRITE_FAILED] Task failed while writing rows to"
        + " file:/t/.table.segeval-staging-1. SQLSTATE: 58030", new java.nio.channels.ClosedByInterruptException());
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.util.Utils", Level.WARN,
        "Suppressing exception in catch: " + interruptedWrite.getMessage(), interruptedWrite)));
    // the same WARN for a write that failed on its own (a full disk) stays
    SparkException fullDisk = new SparkException("[TASK_WRITE_FAILED] Task failed while writing rows",
        new java.io.IOException("No space left on device"));
    assertEquals(Result.NEUTRAL, filter.filter(event("org.apache.spark.util.Utils", Level.WARN,
        "Suppressing exception in catch: " + fullDisk.getMessage(), fullDisk)));
    // a refusal SegEval wrote for the user (a SQL function's argument), object or text
    RefusedArgumentException refusal = new RefusedArgumentException("pred has 2 values but target has 3");
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 0.0 in stage 0.0 (TID 0)", refusal)));
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.WARN, "Lost task 0.0 in stage 0.0 (TID 0) (localhost"
        + " executor driver): io.segeval.core.RefusedArgumentException: pred has 2 values but target has 3\n"
        + "\tat io.segeval.spark.BinaryMetricsAggregator.reduce(BinaryMetricsAggregator.java:40)\n", null)));
    // anything else stays: Spark's own IllegalArgumentExceptions, and plain ones of SegEval's code (a bug)
    IllegalArgumentException spark = new IllegalArgumentException("requirement failed");
    spark.setStackTrace(new StackTraceElement[] {new StackTraceElement("scala.Predef$", "require", "Predef.scala", 1)});
    assertEquals(Result.NEUTRAL, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 1.0 in stage 0.0 (TID 1)", spark)));
    assertEquals(Result.NEUTRAL, filter.filter(event(TSM, Level.WARN, "Lost task 1.0 in stage 0.0 (TID 1):"
        + " java.lang.IllegalArgumentException: requirement failed\n\tat scala.Predef$.require(Predef.scala:1)\n", null)));
    assertEquals(Result.NEUTRAL, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 1.0 in stage 0.0 (TID 1)", new IllegalArgumentException("buckets must be >= 1: 0"))));
    assertEquals(Result.NEUTRAL, filter.filter(event(TSM, Level.WARN, "Lost task 1.0 in stage 0.0 (TID 1):"
        + " java.lang.IllegalArgumentException: buckets must be >= 1: 0\n"
        + "\tat io.segeval.core.lovasz.Quantiles.chooseBoundaries(Quantiles.java:84)\n", null)));
    assertEquals(Result.NEUTRAL, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 2.0 in stage 0.0 (TID 2)", new OutOfMemoryError("Java heap space"))));
    assertEquals(Result.NEUTRAL, filter.filter(event(TSM, Level.WARN, "Lost task 2.0 in stage 0.0 (TID 2): ExecutorLostFailure", null)));
    // a read failure of the storage is no bad record: the operator sees the task Spark retries
    assertEquals(Result.NEUTRAL, filter.filter(event(TSM, Level.WARN, "Lost task 0.0 in stage 0.0 (TID 0):"
        + " io.segeval.jobs.input.InputReadException: image 'a' (hdfs:///p/a.npy): cannot read the file:"
        + " Connection reset\n\tat io.segeval.jobs.input.ImageDecoder.file(ImageDecoder.java:85)\n", null)));
  }

  @Test
  void theShuffleCleanupOfTasksStoppedByABadRecordsAbortIsDropped() {
    BadRecordLogFilter filter = new BadRecordLogFilter();
    String dbow = "org.apache.spark.storage.DiskBlockObjectWriter";
    String deleting = "Error deleting /tmp/blockmgr-fa04/31/temp_shuffle_678b94b7-b451-40ca-b6e7-89aaaff3ba9f";
    // before any bad record: kept (a disk problem of its own)
    assertEquals(Result.NEUTRAL, filter.filter(event(dbow, Level.WARN, deleting, null)));
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.WARN, "Lost task 2.0 in stage 0.0 (TID 2) (localhost executor"
        + " driver): " + ImageRecordException.class.getName() + ": image 'im2' (file:/s/im2.npy): shapes differ ...", null)));
    // the abort stops the other partitions' tasks while they write their map output: one WARN per file
    assertEquals(Result.DENY, filter.filter(event(dbow, Level.WARN, deleting, null)));
    assertEquals(Result.NEUTRAL, filter.filter(event(dbow, Level.WARN, "Error deleting /tmp/blockmgr-fa04/31/shuffle_0_1_0.data",
        null)));
  }

  @Test
  void aTaskOutOfHeapOnAnImageIsSegEvalsOwnLine() {
    BadRecordLogFilter filter = new BadRecordLogFilter();
    Exception outOfHeap = outOfHeap();
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 0.0 in stage 0.0 (TID 0)", outOfHeap)));
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.WARN, "Lost task 0.0 in stage 0.0 (TID 0) (localhost executor"
        + " driver): " + outOfHeap + "\n\tat ...", null)));
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.ERROR, "Task 0 in stage 0.0 failed 1 times; aborting job", null)));
  }

  private static Exception outOfHeap() {
    ImagePair pair = new ImagePair();
    pair.setImageId("big");
    pair.setPredPath("file:/p/big.npy");
    try {
      return ImageOutOfMemoryException.whileEvaluating(pair, new ImageSource(null, 10, null), () -> {
        throw new OutOfMemoryError("Java heap space");
      });
    } catch (ImageOutOfMemoryException e) {
      return e;
    }
  }

  @Test
  void theTasksKilledByAnEarlyMaxRejectedStopAreDroppedAndOtherKilledTasksKept() {
    BadRecordLogFilter filter = new BadRecordLogFilter();
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.WARN, "Lost task 12.0 in stage 0.0 (TID 12) (localhost"
        + " executor driver): TaskKilled (Stage cancelled: [SPARK_JOB_CANCELLED] Job 0 cancelled SegEval stopped the"
        + " per-image stage: more than --max-rejected 5 records skipped SQLSTATE: XXKDA)", null)));
    assertEquals(Result.NEUTRAL, filter.filter(event(TSM, Level.WARN, "Lost task 12.0 in stage 0.0 (TID 12) (localhost"
        + " executor driver): TaskKilled (Stage cancelled: [SPARK_JOB_CANCELLED] Job 0 cancelled by the user)", null)));
  }

  @Test
  void aHeartbeatCutOffByTheStopIsDroppedAndOtherHeartbeatFailuresKept() {
    // seen after a gate's exit 3: the executor's last heartbeat meets the stopped RpcEnv
    BadRecordLogFilter filter = new BadRecordLogFilter();
    String executor = "org.apache.spark.executor.Executor";
    SparkException stopped = new SparkException("Exception thrown in awaitResult: ", new RpcEnvStoppedException());
    assertEquals(Result.DENY, filter.filter(event(executor, Level.WARN, "Issue communicating with driver in heartbeater",
        stopped)));
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.rpc.netty.NettyRpcEnv", Level.WARN,
        "Ignored failure: java.util.concurrent.RejectedExecutionException: Task java.util.concurrent.ScheduledThreadPool"
            + "Executor$ScheduledFutureTask@7d5cb36[Not completed] rejected from java.util.concurrent.ScheduledThreadPool"
            + "Executor@795cf168[Terminated, pool size = 0, active threads = 0, queued tasks = 0, completed tasks = 0]",
        null)));
    // while Spark runs, a failing heartbeat (a timeout, a lost driver) is the operator's to see
    assertEquals(Result.NEUTRAL, filter.filter(event(executor, Level.WARN, "Issue communicating with driver in heartbeater",
        new SparkException("Exception thrown in awaitResult: ", new java.util.concurrent.TimeoutException()))));
    assertEquals(Result.NEUTRAL, filter.filter(event("org.apache.spark.rpc.netty.NettyRpcEnv", Level.WARN,
        "Ignored failure: java.util.concurrent.RejectedExecutionException: Task t rejected from p[Running, pool size = 1]",
        null)));
  }

  @Test
  void underSqlEveryFailedTaskIsDroppedAndTheAbortWithIt() {
    BadRecordLogFilter filter = new BadRecordLogFilter();
    filter.anyTaskFailure = true;
    // a query's own error (a cast): its one line is Spark's reason, printed by segeval
    assertEquals(Result.DENY, filter.filter(event("org.apache.spark.executor.Executor", Level.ERROR,
        "Exception in task 0.0 in stage 0.0 (TID 0)", new NumberFormatException("[CAST_INVALID_INPUT] 'x0'"))));
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.WARN, "Lost task 0.0 in stage 0.0 (TID 0) (localhost"
        + " executor driver): org.apache.spark.SparkNumberFormatException: [CAST_INVALID_INPUT] 'x0'", null)));
    assertEquals(Result.DENY, filter.filter(event(TSM, Level.ERROR, "Task 1 in stage 0.0 failed 1 times; aborting job", null)));
    // other lines stay
    assertEquals(Result.NEUTRAL, filter.filter(event("org.apache.spark.SparkContext", Level.WARN, "something else", null)));
  }

  @Test
  void sparksStackTraceWhileProbingAPathThatDoesNotExistIsDropped() {
    // segeval sql "SELECT * FROM parquet.`/no/such`": Spark warns with a FileNotFoundException's trace,
    // then refuses the query with PATH_NOT_FOUND, which SegEval prints in one line
    BadRecordLogFilter filter = new BadRecordLogFilter();
    String sink = "org.apache.spark.sql.execution.streaming.sinks.FileStreamSink";
    String probe = "Assume no metadata directory. Error while looking for metadata directory in the path: /no/such.";
    assertEquals(Result.DENY, filter.filter(event(sink, Level.WARN, probe,
        new java.io.FileNotFoundException("File /no/such does not exist"))));
    // the same warning for another failure (a permission, a broken file system) stays
    assertEquals(Result.NEUTRAL, filter.filter(event(sink, Level.WARN, probe,
        new java.nio.file.AccessDeniedException("/no/such"))));
    assertEquals(Result.NEUTRAL, filter.filter(event(sink, Level.WARN, "something else",
        new java.io.FileNotFoundException("x"))));
  }
}
