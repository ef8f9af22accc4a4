package io.segeval.jobs.run;

import io.segeval.jobs.cli.BadRecordLogFilter;
import io.segeval.jobs.io.ForklessLocalFileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Creates or joins the Spark session of a run. Under spark-submit the submitted configuration
 * wins (a {@code --master} that differs from spark-submit's is refused); otherwise SegEval runs
 * embedded on {@code local[*]} (or {@code --master}), bound to 127.0.0.1 with the UI off, so a
 * laptop run opens no port to the network, writes local files through
 * {@link ForklessLocalFileSystem} (unless {@code spark.hadoop.fs.file.impl} is set) and without
 * per-session artifacts ({@value #ARTIFACT_ISOLATION}, unless set). A master URL Spark cannot use
 * and a driver heap or executor memory too small for Spark are refused before Spark starts
 * ({@link SparkSetup}).
 */
public final class SparkSessions {
  /** The master of a run that names none: every core of this machine. */
  private static final String LOCAL_MASTER = "local[*]";
  /** The Hadoop file system class of {@code file:} URIs, as a Spark setting. */
  public static final String LOCAL_FS_IMPL = "spark.hadoop.fs.file.impl";

  /**
   * Per-session artifacts (Spark Connect's). On, a classic session's tasks get a class loader that
   * asks the driver over RPC for every class the generated code might name, and a task stopped
   * during such a lookup logs interrupts after a failed run; SegEval adds no session artifacts.
   */
  static final String ARTIFACT_ISOLATION = "spark.sql.artifact.isolation.enabled";

  private SparkSessions() {}

  /**
   * As {@link #getOrCreate(String, String)}; unless {@code verbose}, Spark's log lines about tasks
   * that failed on a bad record are dropped ({@link BadRecordLogFilter}): SegEval reports those itself.
   */
  public static SparkSession getOrCreate(String master, String appName, boolean verbose) {
    SparkSession spark = getOrCreate(master, appName);
    if (!verbose) {
      BadRecordLogFilter.install();
    }
    return spark;
  }

  public static SparkSession getOrCreate(String master, String appName) {
    SparkConf conf = new SparkConf(true);
    boolean submitted = conf.contains(SparkSetup.MASTER);
    SparkSetup.requireUsableMaster(master);
    SparkSetup.requireOneMaster(conf, master);
    if (SparkSession.getDefaultSession().isEmpty() && SparkSession.getActiveSession().isEmpty()) {
      SparkSetup.requireDriverHeap(conf, submitted, Runtime.getRuntime().maxMemory());
      SparkSetup.requireExecutorMemory(conf, submitted ? conf.get(SparkSetup.MASTER) : master == null ? LOCAL_MASTER : master);
    }
    CompilerDirectives.addNamed(); // the launcher's JVM only, before Spark's start-up code runs
    // The classic builder: SegEval needs a classic session (its SparkContext, RDDs), and the API's
    // SparkSession.builder() looks the implementations up with Scala's runtime reflection, 0.8 s
    // of a cold JVM's main thread before Spark starts (docs/performance.md, "What made the job fast").
    org.apache.spark.sql.classic.SparkSession.Builder builder =
        org.apache.spark.sql.classic.SparkSession.builder().appName(appName);
    if (!submitted) {
      builder.master(master == null ? LOCAL_MASTER : master)
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "8")
          .config("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"))
          .config("spark.driver.bindAddress", System.getProperty("spark.driver.bindAddress", "127.0.0.1"));
      if (!conf.contains(LOCAL_FS_IMPL)) {
        builder.config(LOCAL_FS_IMPL, ForklessLocalFileSystem.class.getName());
      }
      if (!conf.contains(ARTIFACT_ISOLATION)) {
        builder.config(ARTIFACT_ISOLATION, "false");
      }
    }
    return builder.getOrCreate();
  }

  /**
   * Stops the session of this JVM, if there is one (the end of a command-line run). After a failed
   * job, the tasks Spark cancelled may still be running: they are given up to 10 s to end first
   * ({@link RunJobs#awaitNoRunningTasks}), since stopping under them makes them log interrupts and
   * rejected status updates ("Exception in statusUpdate") after SegEval's one-line message.
   */
  public static void stopDefault() {
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isDefined()) {
      SparkContext sc = session.get().sparkContext();
      sc.cancelAllJobs();
      RunJobs.awaitNoRunningTasks(sc, () -> runningTasks(sc));
      session.get().stop();
    }
  }

  private static int runningTasks(SparkContext sc) {
    int running = sc.statusTracker().getActiveJobIds().length;
    for (SparkExecutorInfo executor : sc.statusTracker().getExecutorInfos()) {
      running += executor.numRunningTasks();
    }
    return running;
  }
}
