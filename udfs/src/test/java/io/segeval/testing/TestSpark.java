package io.segeval.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test JVM: local[2], UI off, bound to 127.0.0.1, and configured with
 * {@code spark.sql.extensions=io.segeval.spark.SegEvalExtensions} as a user's session would be, so
 * that tests can check the extension on {@code newSession()} (same SparkContext, a fresh function
 * registry holding only the built-in and the injected functions). In the jobs module's tests local
 * files go through its {@code ForklessLocalFileSystem}, as in a run of SegEval's launcher.
 */
public final class TestSpark {
  private TestSpark() {}

  private static SparkSession session;

  /** The jobs module's local file system, which its sessions use (as SegEval's launcher does). */
  private static final String FORKLESS_FS = "io.segeval.jobs.io.ForklessLocalFileSystem";
  private static final String LOCAL_FS_IMPL = "spark.hadoop.fs.file.impl";

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, TestSpark.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("segeval-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.extensions", "io.segeval.spark.SegEvalExtensions")
          // not ./spark-warehouse in the module's folder
          .config("spark.sql.warehouse.dir", java.nio.file.Path.of("target", "spark-warehouse").toAbsolutePath().toString())
          .config(LOCAL_FS_IMPL, onClasspath(FORKLESS_FS) ? FORKLESS_FS : "org.apache.hadoop.fs.LocalFileSystem")
          // as SegEval's own sessions (jobs' SparkSessions): no per-session class loader over RPC
          .config("spark.sql.artifact.isolation.enabled", "false")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
