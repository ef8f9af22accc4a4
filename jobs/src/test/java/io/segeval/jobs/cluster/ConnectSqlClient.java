package io.segeval.jobs.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client for {@link SparkConnectTest}, run in a JVM of its own with the Connect
 * client jar (not Spark's classic jars). Runs the statements of a file (separated by
 * {@value #NEXT} lines) in one remote session, in order, and prints each one's rows as JSON
 * ({@code Dataset.toJSON}, one per line) followed by a {@value #END} line.
 *
 * <p>Usage: {@code ConnectSqlClient sc://127.0.0.1:PORT statements.sql}
 */
public final class ConnectSqlClient {
  static final String NEXT = "-- segeval:next";
  static final String END = "-- segeval:end";

  private ConnectSqlClient() {}

  public static void main(String[] args) throws Exception {
    String statements = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
    try (SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate()) {
      for (String sql : statements.split("\n" + NEXT + "\n")) {
        for (String row : spark.sql(sql).toJSON().collectAsList()) {
          System.out.println(row);
        }
        System.out.println(END);
      }
    }
  }
}
