package io.segeval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.spark.SegEvalExtensions;
import io.segeval.testing.SqlDocExamples;
import io.segeval.testing.SqlDocExamples.Example;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SegEval's SQL functions from a Spark Connect client: a Connect server (its own JVM, 127.0.0.1
 * only, {@code spark.sql.extensions=io.segeval.spark.SegEvalExtensions} and SegEval's jar on its
 * classpath, as docs/sql.md says) and the JVM Connect client (another JVM: the client jar, no
 * SegEval jar) run every example of docs/sql.md and get its documented rows. Both are stopped by
 * their pid.
 */
@Tag("cluster")
class SparkConnectTest {
  private static final Path CONNECT_JARS = Path.of("target/spark-connect").toAbsolutePath();
  private static final Path JVM_OPTIONS = Path.of("").toAbsolutePath().getParent().resolve("deploy/jvm-options");

  @TempDir Path tmp;

  @Test
  void everySqlExampleGivesItsDocumentedRowsOverSparkConnect() throws Exception {
    assertTrue(Files.isRegularFile(CONNECT_JARS.resolve("spark-connect_2.13.jar")),
        CONNECT_JARS + " is made by the build (mvn test, process-test-classes): run the test through Maven");
    int port = freePort();
    Process server = java(serverClasspath(), tmp.resolve("server.log"),
        "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.app.name=segeval-connect-test",
        "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
        "-Dspark.connect.grpc.binding.address=127.0.0.1", "-Dspark.connect.grpc.binding.port=" + port,
        "-Dspark.sql.extensions=" + SegEvalExtensions.CONF_VALUE, "-Dspark.sql.warehouse.dir=" + tmp.resolve("warehouse"),
        "org.apache.spark.sql.connect.service.SparkConnectServer");
    try {
      awaitListening(server, port, tmp.resolve("server.log"));
      List<Example> examples = SqlDocExamples.examples();
      Path statements = tmp.resolve("statements.sql");
      Files.writeString(statements, examples.stream().map(Example::sql)
          .collect(Collectors.joining("\n" + ConnectSqlClient.NEXT + "\n")));
      Path clientLog = tmp.resolve("client.log");
      Process client = java(clientClasspath(), clientLog, ConnectSqlClient.class.getName(),
          "sc://127.0.0.1:" + port, statements.toString());
      try {
        assertTrue(client.waitFor(180, TimeUnit.SECONDS), "the client did not finish:\n" + Files.readString(clientLog));
      } finally {
        stop(client);
      }
      String out = Files.readString(clientLog);
      assertEquals(0, client.exitValue(), out + "\nserver:\n" + Files.readString(tmp.resolve("server.log")));

      List<List<String>> results = rowsPerStatement(out);
      assertEquals(examples.size(), results.size(), out);
      for (int i = 0; i < examples.size(); i++) {
        SqlDocExamples.assertRows(examples.get(i), results.get(i));
      }
    } finally {
      stop(server);
    }
  }

  /** The JSON rows the client printed for each statement, in order (log lines in between skipped). */
  private static List<List<String>> rowsPerStatement(String out) {
    List<List<String>> results = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.equals(ConnectSqlClient.END)) {
        results.add(rows);
        rows = new ArrayList<>();
      } else if (line.startsWith("{")) {
        rows.add(line);
      }
    }
    return results;
  }

  /** This JVM's classpath (Spark, SegEval) and the Connect server jar. */
  private static String serverClasspath() {
    return System.getProperty("java.class.path") + File.pathSeparator + CONNECT_JARS.resolve("spark-connect_2.13.jar");
  }

  /**
   * The Connect client jar (it bundles its own Spark SQL API), its shims, this module's test
   * classes (the client main) and the libraries of this JVM's classpath the client needs (Scala,
   * Jackson, log4j...), without Spark's classic SQL, catalyst and core jars and without SegEval.
   */
  private static String clientClasspath() {
    List<String> cp = new ArrayList<>(List.of(
        CONNECT_JARS.resolve("spark-connect-client-jvm_2.13.jar").toString(),
        CONNECT_JARS.resolve("spark-connect-shims_2.13.jar").toString(),
        Path.of("target/test-classes").toAbsolutePath().toString()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean classicSpark = name.matches("spark-(sql|sql-api|catalyst|core)_2\\.13-.*\\.jar");
      boolean segEval = name.startsWith("segeval-") || entry.endsWith("classes");
      if (!classicSpark && !segEval) {
        cp.add(entry);
      }
    }
    return String.join(File.pathSeparator, cp);
  }

  private static Process java(String classpath, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Files.readAllLines(JVM_OPTIONS).stream().filter(l -> !l.isBlank()).toList());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitListening(Process server, int port, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertTrue(server.isAlive(), "the Connect server exited:\n" + Files.readString(log, StandardCharsets.UTF_8));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the Connect server did not listen on 127.0.0.1:" + port + " within 120 s:\n"
        + Files.readString(log, StandardCharsets.UTF_8));
  }

  /** Stops a process by its pid: SIGTERM, then SIGKILL if it is still there after 30 s. */
  private static void stop(Process p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    ProcessHandle handle = p.toHandle();
    handle.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      handle.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
