package io.segeval.jobs.run;

import io.segeval.jobs.config.UsageException;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.ExternalClusterManager;

/**
 * What Spark checks while it starts its context, checked before it starts, so that a mistake in
 * the setup is one line naming the fix rather than Spark's error and stack trace ("Error
 * initializing SparkContext"): a master URL Spark cannot use, and a driver heap or an executor
 * memory below Spark's minimum. Each is a bad command line or configuration ({@link UsageException},
 * exit 2).
 */
final class SparkSetup {
  private SparkSetup() {}

  /** Spark's own forms ({@code SparkMasterRegex}): local[N], local[N,F], local-cluster[N,C,M], spark://. */
  private static final Pattern LOCAL_N = Pattern.compile("local\\[([0-9]+|\\*)]");
  private static final Pattern LOCAL_N_FAILURES = Pattern.compile("local\\[([0-9]+|\\*)\\s*,\\s*([0-9]+)]");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*]");

  /** Spark's reserve of the heap ({@code UnifiedMemoryManager}): the heap must be 1.5 times it. */
  private static final long RESERVED_BYTES = 300L * 1024 * 1024;
  static final long MIN_HEAP_BYTES = RESERVED_BYTES * 3 / 2;
  /** The master spark-submit was given, as a Spark setting (set in the driver's system properties). */
  static final String MASTER = "spark.master";
  private static final String EXECUTOR_MEMORY = "spark.executor.memory";
  /**
   * The least executor memory that starts: Spark checks the executor's usable heap against
   * {@link #MIN_HEAP_BYTES} too, and a JVM's usable heap can be a few percent below its -Xmx (with
   * the serial collector one survivor space less: 435 MiB of -Xmx450m), so an executor of 450m to
   * about 470m passes the driver's check and then fails at every launch while the job waits.
   */
  static final long MIN_EXECUTOR_MEMORY_BYTES = 512L * 1024 * 1024;

  private static final String ACCEPTED = "local, local[N], local[*], local[N,F] (F: task failures allowed),"
      + " spark://HOST:PORT, yarn or k8s://URL";

  /** Refuses a {@code --master} Spark cannot start with; null (Spark's or SegEval's default) passes. */
  static void requireUsableMaster(String master) {
    if (master == null || master.equals("local") || master.startsWith("spark://")
        || LOCAL_N_FAILURES.matcher(master).matches() || LOCAL_CLUSTER.matcher(master).matches()) {
      return;
    }
    Matcher n = LOCAL_N.matcher(master);
    if (n.matches()) {
      if (n.group(1).matches("0+")) {
        throw new UsageException("--master " + master + ": local mode needs at least one thread (local[*]: one per core)");
      }
      return;
    }
    if (clusterManagerFor(master)) {
      if (master.equals("yarn") && yarnConfigurationMissing()) {
        throw new UsageException("--master yarn: neither HADOOP_CONF_DIR nor YARN_CONF_DIR is set; set one to"
            + " the folder of the cluster's yarn-site.xml and core-site.xml");
      }
      return;
    }
    if (master.equals("yarn")) {
      throw new UsageException("--master yarn: this Spark has no YARN support (spark-yarn is not on the class path)"
          + (yarnConfigurationMissing() ? " and no cluster configuration (neither HADOOP_CONF_DIR nor YARN_CONF_DIR is set)" : "")
          + "; deploy/segeval runs Spark embedded: submit to YARN with deploy/submit from a Spark installation"
          + " (SPARK_HOME) with YARN support and HADOOP_CONF_DIR set (template: deploy/yarn.conf, docs/cluster.md)");
    }
    if (master.startsWith("k8s://")) {
      throw new UsageException("--master " + master + ": this Spark has no Kubernetes support"
          + " (spark-kubernetes is not on the class path); submit with deploy/submit from a Spark installation with"
          + " Kubernetes support (templates: deploy/k8s/, docs/cluster.md)");
    }
    throw new UsageException("--master '" + master + "' is not a Spark master URL: " + ACCEPTED);
  }

  /**
   * Refuses a SegEval master ({@code --master}, or {@code master} in a {@code --config} file) that
   * differs from the master spark-submit was given: taken, it would silently run a job submitted to
   * a cluster on the driver alone (a nightly file's {@code master = local[*]} under
   * {@code deploy/submit --master yarn}); ignored, it would say one thing and do another.
   */
  static void requireOneMaster(SparkConf conf, String master) {
    if (master == null || !conf.contains(MASTER) || master.equals(conf.get(MASTER))) {
      return;
    }
    throw new UsageException("--master " + master + " differs from spark-submit's master " + conf.get(MASTER)
        + ": under spark-submit the master is spark-submit's (deploy/submit --master URL evaluate ...);"
        + " leave --master, and master in a --config file, out");
  }

  /** Whether a cluster manager on the class path (YARN's, Kubernetes') takes the URL, as Spark looks for one. */
  private static boolean clusterManagerFor(String master) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (ExternalClusterManager manager : ServiceLoader.load(ExternalClusterManager.class,
        loader != null ? loader : SparkSetup.class.getClassLoader())) {
      if (manager.canCreate(master)) {
        return true;
      }
    }
    return false;
  }

  private static boolean yarnConfigurationMissing() {
    return isBlank(System.getenv("HADOOP_CONF_DIR")) && isBlank(System.getenv("YARN_CONF_DIR"));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * Refuses a driver heap below Spark's minimum, naming the setting to raise: {@code -Xmx} in
   * {@code SEGEVAL_JAVA_OPTS} for {@code deploy/segeval}, {@code --driver-memory} for spark-submit.
   */
  static void requireDriverHeap(SparkConf conf, boolean submitted, long maxHeap) {
    if (sparkTestMemory(conf) || maxHeap >= MIN_HEAP_BYTES) {
      return;
    }
    throw new UsageException("the driver's Java heap is " + mib(maxHeap) + " MiB; Spark needs at least "
        + mib(MIN_HEAP_BYTES) + " MiB (" + mib(RESERVED_BYTES) + " MiB of it are reserved): "
        + (submitted ? "raise --driver-memory (spark-submit, deploy/submit), e.g. --driver-memory 2g"
            : "raise -Xmx in SEGEVAL_JAVA_OPTS, e.g. SEGEVAL_JAVA_OPTS=-Xmx2g (under spark-submit: --driver-memory)"));
  }

  /**
   * Refuses an executor memory too small to start an executor, naming the setting to raise: below
   * Spark's minimum, which Spark checks on the driver as its context starts
   * ({@code INVALID_EXECUTOR_MEMORY}: executor memory >= 1.5 x its 300 MiB reserve), or, with
   * executors of their own (not a {@code local} master), below {@link #MIN_EXECUTOR_MEMORY_BYTES}.
   * A value Spark cannot read is left to Spark.
   */
  static void requireExecutorMemory(SparkConf conf, String master) {
    if (sparkTestMemory(conf) || !conf.contains(EXECUTOR_MEMORY)) {
      return;
    }
    long bytes;
    try {
      bytes = conf.getSizeAsBytes(EXECUTOR_MEMORY); // as Spark's check reads it
    } catch (NumberFormatException e) {
      return;
    }
    // local: the executor runs in the driver's JVM, so only Spark's check of the setting applies
    boolean local = master.startsWith("local");
    long least = local ? MIN_HEAP_BYTES : MIN_EXECUTOR_MEMORY_BYTES;
    if (bytes < least) {
      throw new UsageException("the executor memory is " + mib(bytes) + " MiB (" + EXECUTOR_MEMORY + "), below the "
          + mib(least) + (local ? " MiB Spark requires of it, even with a local master"
              : " MiB an executor needs (Spark's minimum is " + mib(MIN_HEAP_BYTES)
                  + " MiB of usable heap, a few percent less than the memory)")
          + ": raise --executor-memory (spark-submit, deploy/submit) or " + EXECUTOR_MEMORY
          + ", e.g. --executor-memory 2g (sizing: docs/cluster.md)");
    }
  }

  /** Spark's test settings replace the memory it checks: its own check decides then. */
  private static boolean sparkTestMemory(SparkConf conf) {
    return conf.contains("spark.testing.memory") || conf.contains("spark.testing.reservedMemory");
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }
}
