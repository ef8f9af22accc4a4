package io.segeval.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code deploy/submit} run against a {@link LocalCluster}, in client mode: the driver is the
 * submit process itself (bound to 127.0.0.1, no UI), its output in jobs/target/cluster-test.
 */
final class Submission implements AutoCloseable {
  static final String FAST_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private final Process process;
  private final Path log;

  private Submission(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static Submission start(LocalCluster cluster, String name, List<String> segevalArgs) {
    return start(cluster, name, List.of(), segevalArgs);
  }

  /** The same with more spark-submit options (before SegEval's arguments). */
  static Submission start(LocalCluster cluster, String name, List<String> submitOptions, List<String> segevalArgs) {
    List<String> args = new ArrayList<>(List.of(
        "--master", cluster.masterUrl,
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--driver-memory", "1g",
        "--executor-memory", "1g",
        // These JVMs live a minute on a 2-core machine: C2 compiling costs more than it gains.
        "--driver-java-options", FAST_START,
        "--conf", "spark.executor.extraJavaOptions=" + FAST_START));
    args.addAll(submitOptions);
    args.addAll(segevalArgs);
    Path log = Scripts.WORK.resolve("submit-" + name + ".log");
    return new Submission(Scripts.start("submit", args, log, log), log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exit status, waiting at most {@code seconds}; a run still going then is an error. */
  int waitFor(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("deploy/submit did not end within " + seconds + " s:\n" + log());
    }
    return process.exitValue();
  }

  /** Ends the driver if it still runs (a failed test), by its pid. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
