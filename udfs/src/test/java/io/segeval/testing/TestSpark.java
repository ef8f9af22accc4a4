package io.segeval.testing;

import org.apache.spark.sql.SparkSession;

/** The one Spark session of a test JVM: local[2], UI off, bound to 127.0.0.1. */
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
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
