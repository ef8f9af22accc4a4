package io.segeval.jobs.cli;

import io.segeval.codec.BadRecordException;
import io.segeval.core.RefusedArgumentException;
import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.limit.MaxRejected;
import java.io.FileNotFoundException;
import java.nio.channels.ClosedByInterruptException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops Spark's log lines about a task that failed on a bad record (or on an argument SegEval
 * refused, a {@link RefusedArgumentException}, e.g. in a SQL function): the executor's ERROR with
 * the stack trace, the scheduler's "Lost task" WARNs that repeat it as text, and what Spark logs while
 * it aborts the job ({@link #isEchoOfTheAbort}). SegEval reports the bad record itself, in one line
 * ({@link FailureHandler}); {@code --verbose} keeps Spark's lines. Other failures are logged as
 * Spark logs them, except under {@code segeval sql} ({@link #dropEveryTaskFailure}), where a task
 * fails on the query's own values (a cast, a division) and the one line, Spark's reason, says it;
 * and Spark's stack trace while it probes a path that does not exist ({@link #isMissingPathProbe}),
 * and a heartbeat that the end of the run cuts off ({@link #isHeartbeatCutOffByTheStop}).
 *
 * <p>Installed on the log4j2 configuration of the driver (with local masters, the executors' too);
 * executors of a cluster log to their own files, untouched.
 */
public final class BadRecordLogFilter extends AbstractFilter {
  private static final String TASK_SET_MANAGER = "org.apache.spark.scheduler.TaskSetManager";
  private static final String FILE_FORMAT_WRITER = "org.apache.spark.sql.execution.datasources.FileFormatWriter";
  private static final String SPARK_UTILS = "org.apache.spark.util.Utils";
  private static final String FILE_OUTPUT_COMMITTER = "org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter";
  private static final String DISK_BLOCK_OBJECT_WRITER = "org.apache.spark.storage.DiskBlockObjectWriter";
  private static final String EXECUTOR = "org.apache.spark.executor.Executor";
  private static final String FILE_STREAM_SINK = "org.apache.spark.sql.execution.streaming.sinks.FileStreamSink";
  private static final String NETTY_RPC_ENV = "org.apache.spark.rpc.netty.NettyRpcEnv";
  private static final String RPC_ENV_STOPPED = "org.apache.spark.rpc.RpcEnvStoppedException";
  private static Configuration installedIn;
  private static BadRecordLogFilter installed;

  /** Whether every failed task's lines go, not only those of a bad record ({@code segeval sql}). */
  volatile boolean anyTaskFailure;

  /** Whether a bad record's lines were dropped: what Spark logs while aborting the job goes too. */
  private volatile boolean sawBadRecord;

  BadRecordLogFilter() {}

  /**
   * Adds the filter to every logger of the current log4j2 configuration, once per configuration,
   * dropping the lines of bad records only.
   */
  public static synchronized void install() {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return; // another logging backend: nothing to filter
    }
    Configuration config = context.getConfiguration();
    if (config == installedIn) {
      installed.anyTaskFailure = false;
      return;
    }
    BadRecordLogFilter filter = new BadRecordLogFilter();
    filter.start();
    config.getRootLogger().addFilter(filter);
    for (LoggerConfig logger : config.getLoggers().values()) {
      logger.addFilter(filter);
    }
    context.updateLoggers();
    installedIn = config;
    installed = filter;
  }

  /** After {@link #install}: the installed filter drops the lines of every failed task. */
  public static synchronized void dropEveryTaskFailure() {
    if (installed != null) {
      installed.anyTaskFailure = true;
    }
  }

  @Override
  public Result filter(LogEvent event) {
    if (isMissingPathProbe(event) || isHeartbeatCutOffByTheStop(event) || isTaskKilledByMaxRejected(event)) {
      return Result.DENY;
    }
    if (isAboutBadRecord(event) || anyTaskFailure && isAboutFailedTask(event)) {
      sawBadRecord = true;
      return Result.DENY;
    }
    if (sawBadRecord && isEchoOfTheAbort(event)) {
      return Result.DENY;
    }
    return Result.NEUTRAL;
  }

  /**
   * What Spark logs while it aborts a job, once a task failed: the scheduler's "aborting job", and
   * when the job was writing (pack), the writer's aborted tasks and their temporary files, and
   * the WARN "Suppressing exception in catch" with a stack trace of a task cancelled while it was
   * writing its Parquet file (a large one, a 3-D volume's: its channel closed by the interrupt),
   * and the shuffle writer's "Error deleting .../temp_shuffle_..." of a task that the abort stopped
   * while writing its map output (one line per file: an evaluate run with a bad record in one
   * partition while the other partitions finish).
   */
  private static boolean isEchoOfTheAbort(LogEvent event) {
    String logger = event.getLoggerName();
    String text = event.getMessage().getFormattedMessage();
    return TASK_SET_MANAGER.equals(logger) && text.endsWith("; aborting job")
        || FILE_FORMAT_WRITER.equals(logger) && text.endsWith(" aborted.")
        || SPARK_UTILS.equals(logger) && (text.equals("Aborting task")
            || text.startsWith("Suppressing exception in catch") && isInterruptedWrite(event.getThrown()))
        || FILE_OUTPUT_COMMITTER.equals(logger) && text.startsWith("Could not delete")
        || isTempShuffleDeletion(event);
  }

  /** The shuffle writer's WARN "Error deleting .../temp_shuffle_..." as a stopped task cleans up. */
  private static boolean isTempShuffleDeletion(LogEvent event) {
    String text = event.getMessage().getFormattedMessage();
    return DISK_BLOCK_OBJECT_WRITER.equals(event.getLoggerName()) && text.startsWith("Error deleting")
        && text.contains("temp_shuffle_");
  }

  /** Whether {@code thrown} or a cause of it is a write that an interrupt (a cancelled task) closed. */
  private static boolean isInterruptedWrite(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Spark's WARN, with a stack trace, while it looks for a streaming sink's metadata under a path
   * that does not exist ({@code SELECT ... FROM parquet.`/no/such/path`}); Spark then refuses the
   * query itself ({@code PATH_NOT_FOUND}), and that is the one line SegEval prints.
   */
  private static boolean isMissingPathProbe(LogEvent event) {
    return FILE_STREAM_SINK.equals(event.getLoggerName())
        && event.getMessage().getFormattedMessage().startsWith("Assume no metadata directory")
        && event.getThrown() instanceof FileNotFoundException;
  }

  /**
   * A heartbeat of a local master's executor under way while Spark stops at the end of a run (the
   * results written, a gate's exit 3 included): its WARN "Issue communicating with driver in
   * heartbeater" with a stack trace ending in "RpcEnv already stopped", and NettyRpcEnv's one-line
   * echo of the same ask, whose timeout the stopped scheduler rejects ("[Terminated, ...]").
   * A heartbeat failing while Spark still runs has another cause and stays.
   */
  private static boolean isHeartbeatCutOffByTheStop(LogEvent event) {
    String logger = event.getLoggerName();
    String text = event.getMessage().getFormattedMessage();
    if (EXECUTOR.equals(logger) && text.startsWith("Issue communicating with driver in heartbeater")) {
      for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
        if (RPC_ENV_STOPPED.equals(t.getClass().getName())) {
          return true;
        }
      }
      return false;
    }
    return NETTY_RPC_ENV.equals(logger) && text.startsWith("Ignored failure: java.util.concurrent.RejectedExecutionException")
        && text.contains("[Terminated,");
  }

  /**
   * The scheduler's "Lost task ... TaskKilled (Stage cancelled: ... SegEval stopped the per-image
   * stage: more than --max-rejected N ...)" of each task that --max-rejected's early stop killed:
   * SegEval's own line and the log of the records skipped so far say it.
   */
  private static boolean isTaskKilledByMaxRejected(LogEvent event) {
    String text = event.getMessage().getFormattedMessage();
    return TASK_SET_MANAGER.equals(event.getLoggerName()) && text.startsWith("Lost task")
        && text.contains(MaxRejected.CANCELLED)
        || isShuffleCleanupOfAKilledTask(event);
  }

  /**
   * After an early stop, the tasks killed (interrupted: SQL jobs are cancelled so) while writing
   * their shuffle files may warn as they clean up: "Error deleting .../temp_shuffle_..." (one line
   * per file), or "IOException thrown while closing Closeable" with a ClosedByInterruptException
   * and its trace. Harmless, and only dropped once a run was stopped ({@link MaxRejected#hasStoppedARun}).
   */
  private static boolean isShuffleCleanupOfAKilledTask(LogEvent event) {
    if (!MaxRejected.hasStoppedARun()) {
      return false;
    }
    return isTempShuffleDeletion(event) || isInterruptedWrite(event.getThrown());
  }

  /** The executor's log of a failed task, or the scheduler's "Lost task" that repeats it. */
  private static boolean isAboutFailedTask(LogEvent event) {
    String logger = event.getLoggerName();
    String text = event.getMessage().getFormattedMessage();
    return EXECUTOR.equals(logger) && text.startsWith("Exception in task")
        || TASK_SET_MANAGER.equals(logger) && text.startsWith("Lost task");
  }

  /**
   * A bad record, a refusal SegEval wrote for the user (a SQL function's argument), or a task out
   * of heap on an image ({@link ImageOutOfMemoryException}, its one line says what to change).
   */
  private static boolean isAboutBadRecord(LogEvent event) {
    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
      if (t instanceof BadRecordException || t instanceof RefusedArgumentException
          || t instanceof ImageOutOfMemoryException) {
        return true;
      }
    }
    // the scheduler logs a task's failure as text: "Lost task ... (TID 1) (...): <class>: <message>\n\tat ..."
    return Failures.BAD_RECORD_TEXT.matcher(event.getMessage().getFormattedMessage()).find();
  }
}
