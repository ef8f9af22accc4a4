package io.segeval.jobs;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;

/**
 * The Spark jobs of one SegEval run (an evaluation or a pack), tagged so that a failure can stop
 * exactly them and no one else's jobs in a shared session. Spark fails a job as soon as one task
 * fails, while the job's other tasks may go on running, and writing files, for a while: the output
 * must not be cleaned up under them ({@link #cancelAndAwait} first).
 */
public final class RunJobs implements AutoCloseable {
  /** How long a failed run waits for its cancelled tasks before cleaning up anyway. */
  private static final long WAIT_SECONDS = 10;

  private final SparkContext sc;
  private final String tag;

  private RunJobs(SparkContext sc, String tag) {
    this.sc = sc;
    this.tag = tag;
  }

  /** Tags the jobs this thread starts from now on until {@link #close}. */
  public static RunJobs start(SparkContext sc) {
    String tag = "segeval-" + UUID.randomUUID();
    sc.addJobTag(tag);
    return new RunJobs(sc, tag);
  }

  /** Cancels the run's jobs and waits up to {@value #WAIT_SECONDS} s for their running tasks to end. */
  public void cancelAndAwait() {
    sc.cancelJobsWithTag(tag, "SegEval run failed");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    // The status store learns of tasks through Spark's asynchronous listener bus: let it catch up
    // with the events posted so far (a task started just before the failure) before asking it.
    try {
      sc.listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    } catch (TimeoutException e) {
      return;
    }
    while (runningTasks() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The tasks of the run's jobs still running, as Spark's status store knows them. */
  private int runningTasks() {
    int running = 0;
    for (int job : sc.statusTracker().getJobIdsForTag(tag)) {
      scala.Option<SparkJobInfo> info = sc.statusTracker().getJobInfo(job);
      if (info.isEmpty()) {
        continue;
      }
      for (int stage : info.get().stageIds()) {
        scala.Option<SparkStageInfo> s = sc.statusTracker().getStageInfo(stage);
        running += s.isDefined() ? s.get().numActiveTasks() : 0;
      }
    }
    return running;
  }

  @Override
  public void close() {
    sc.removeJobTag(tag);
  }
}
