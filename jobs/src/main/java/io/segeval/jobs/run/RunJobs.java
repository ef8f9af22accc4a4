package io.segeval.jobs.run;

import io.segeval.jobs.output.OutputDir;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;

/**
 * The Spark jobs of one SegEval run (an evaluation or a pack), tagged so that a failure can stop
 * exactly them and no one else's jobs in a shared session. Spark fails a job as soon as one task
 * fails, while the job's other tasks may go on running, and writing files, for a while: the output
 * must not be cleaned up under them ({@link #cancelAndAwait} first).
 *
 * <p>Nor must the data the run persisted be freed under them: a stage hands it to
 * {@link #unpersistAtEnd}, and the run frees it, waiting until Spark has removed it, when it
 * closes, after {@link #cancelAndAwait} when it failed. Unpersisting while cancelled tasks still
 * write their blocks makes Spark log "Error in removing RDD ... Block rdd_N_P does not exist" with
 * traces; and a removal still under way when the session stops (the end of a command-line run)
 * has its reply refused by the block manager's thread pool, shut down meanwhile, which Scala's
 * default reporter prints on stderr, no logger involved: "RejectedExecutionException: Task
 * Future(&lt;not completed&gt;) rejected from ThreadPoolExecutor[Shutting down...]".
 *
 * <p>Each step names its jobs ({@link #step}): Spark's UI, event log and history server show
 * "SegEval evaluate: per-image stage, 800 images (binary)" where they would show a call site inside Spark.
 */
public final class RunJobs implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(RunJobs.class);
  /** The run this thread is in (Spark's job tags are per thread, too). */
  private static final ThreadLocal<RunJobs> CURRENT = new ThreadLocal<>();

  /** How long a failed run waits for its cancelled tasks before cleaning up anyway. */
  private static final long WAIT_SECONDS = 10;
  /** Spark's thread-local property of the jobs' description ({@code SparkContext.setJobDescription}). */
  static final String JOB_DESCRIPTION = "spark.job.description";

  private final SparkContext sc;
  private final String tag;
  private final String action;
  /** The caller's own job description (an embedding application's), restored at the end. */
  private final String callerDescription;
  private final RunTasks tasks;
  private final List<RDD<?>> persisted = new ArrayList<>();

  private RunJobs(SparkContext sc, String tag, String action) {
    this.sc = sc;
    this.tag = tag;
    this.action = action;
    this.callerDescription = sc.getLocalProperty(JOB_DESCRIPTION);
    this.tasks = new RunTasks(tag);
    sc.addSparkListener(tasks);
  }

  /**
   * Runs {@code work}, which writes into {@code out}'s staging folder, as one run: its jobs tagged,
   * what its stages persisted freed at the end. When it fails, the run's jobs are cancelled and
   * their tasks awaited ({@link #cancelAndAwait}: they may still be writing into the staging
   * folder) before {@code out} is aborted, and the failure is thrown on.
   */
  public static <T> T writingInto(SparkContext sc, String action, OutputDir out, Supplier<T> work) {
    RunJobs jobs = start(sc, action);
    try {
      return work.get();
    } catch (Exception e) { // Spark's job failures (SparkException) are checked exceptions, thrown undeclared
      jobs.cancelAndAwait();
      out.abort();
      throw e;
    } finally {
      jobs.close();
    }
  }

  /**
   * Tags the jobs this thread starts from now on until {@link #close}; {@code action} (evaluate,
   * pack) begins their descriptions.
   */
  public static RunJobs start(SparkContext sc, String action) {
    String tag = "segeval-" + UUID.randomUUID();
    sc.addJobTag(tag);
    RunJobs run = new RunJobs(sc, tag, action);
    CURRENT.set(run);
    sc.setLocalProperty(JOB_DESCRIPTION, "SegEval " + action); // until its first step
    return run;
  }

  /**
   * Describes the Spark jobs this thread starts from now on as "SegEval ACTION: {@code what}"
   * (Spark's UI, event log and history server show it); outside a run, nothing.
   */
  public static void step(String what) {
    RunJobs run = CURRENT.get();
    if (run != null) {
      run.sc.setLocalProperty(JOB_DESCRIPTION, "SegEval " + run.action + ": " + what);
    }
  }

  /** The run this thread is in, or null outside one. */
  public static RunJobs current() {
    return CURRENT.get();
  }

  /** Cancels the run's jobs without waiting; from any thread (a listener's). */
  public void cancel(String reason) {
    sc.cancelJobsWithTag(tag, reason);
  }

  /**
   * Frees {@code rdd}, which a stage persisted and no longer reads, when the run this thread is in
   * ends (see the class comment); without a run, now. Either way it returns, or the run closes,
   * once Spark has removed it.
   */
  public static void unpersistAtEnd(RDD<?> rdd) {
    RunJobs run = CURRENT.get();
    if (run != null) {
      run.persisted.add(rdd);
    } else {
      unpersistNow(rdd);
    }
  }

  /** Unpersists and waits; a removal that fails is logged, not thrown: the run's result or failure stands. */
  private static void unpersistNow(RDD<?> rdd) {
    try {
      rdd.unpersist(true);
    } catch (Exception e) { // Spark's SparkException is checked, and thrown undeclared
      LOG.warn("could not free the persisted data of RDD {}: {}", rdd.id(), e.toString());
    }
  }

  /** Cancels the run's jobs and waits up to {@value #WAIT_SECONDS} s for their running tasks to end. */
  public void cancelAndAwait() {
    sc.cancelJobsWithTag(tag, "SegEval run failed");
    awaitNoRunningTasks(sc, tasks::running);
  }

  /**
   * Waits up to {@value #WAIT_SECONDS} s until {@code running} (tasks, as Spark's listener events
   * tell them) is 0. Those events come through Spark's asynchronous listener bus: it is let catch
   * up with the events posted so far (a task started just before a failure) first.
   */
  static void awaitNoRunningTasks(SparkContext sc, IntSupplier running) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    try {
      sc.listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    } catch (TimeoutException e) {
      return;
    }
    while (running.getAsInt() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Ends the run: removes its tag, gives the caller's job description back and frees what its stages persisted. */
  @Override
  public void close() {
    sc.removeJobTag(tag);
    sc.setLocalProperty(JOB_DESCRIPTION, callerDescription); // null: none, as before the run
    sc.removeSparkListener(tasks);
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
    persisted.forEach(RunJobs::unpersistNow);
    persisted.clear();
  }
}
