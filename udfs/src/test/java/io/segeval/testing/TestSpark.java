package io.segeval.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of a test JVM: local[2], UI off, bound to 127.0.0.1, and configured with
 * {@code spark.sql.extensions=io.segeval.spark.SegEvalExtensions} as a user's session would be, so
 * that tests can check the extension on {@code newSession()} (same SparkContext, a fresh function
 * registry holding only the built-in and the injected functions).
 */
public final class TestSpark {
  private TestSpark() {}

  private static SparkSession session;

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
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
