package io.segeval.jobs;

import io.segeval.jobs.io.ForklessLocalFileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates or joins the Spark session of a run. Under spark-submit the submitted configuration
 * wins; otherwise SegEval runs embedded on {@code local[*]} (or {@code --master}), bound to
 * 127.0.0.1 with the UI off, so a laptop run opens no port to the network, and writes local files
 * through {@link ForklessLocalFileSystem} (unless {@code spark.hadoop.fs.file.impl} is set).
 */
public final class SparkSessions {
  /** The Hadoop file system class of {@code file:} URIs, as a Spark setting. */
  public static final String LOCAL_FS_IMPL = "spark.hadoop.fs.file.impl";

  private SparkSessions() {}

  public static SparkSession getOrCreate(String master, String appName) {
    SparkConf conf = new SparkConf(true);
    boolean submitted = conf.contains("spark.master");
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!submitted) {
      builder.master(master == null ? "local[*]" : master)
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "8")
          .config("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"))
          .config("spark.driver.bindAddress", System.getProperty("spark.driver.bindAddress", "127.0.0.1"));
      if (!conf.contains(LOCAL_FS_IMPL)) {
        builder.config(LOCAL_FS_IMPL, ForklessLocalFileSystem.class.getName());
      }
    } else if (master != null && !master.equals(conf.get("spark.master"))) {
      builder.master(master);
    }
    return builder.getOrCreate();
  }

  /** Stops the session of this JVM, if there is one (the end of a command-line run). */
  public static void stopDefault() {
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isDefined()) {
      session.get().stop();
    }
  }
}
