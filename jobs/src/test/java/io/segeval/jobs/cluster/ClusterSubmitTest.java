package io.segeval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.SegEvalVersion;
import io.segeval.jobs.demo.DemoDataset;
import io.segeval.testing.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SegEval on a real standalone cluster ({@code deploy/local-cluster}: a master and two workers,
 * each its own JVM, 127.0.0.1 only), submitted with {@code deploy/submit} in client mode (and once
 * in cluster mode): the results equal local mode's, also when an executor JVM is killed while the
 * job runs.
 */
@Tag("cluster")
class ClusterSubmitTest {
  private static final Path BIN_PUBLIC = ReferenceData.dir("bin_public");

  @TempDir static Path tmp;
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void evaluateOnTheClusterGivesLocalModesNumbers() throws Exception {
    Path out = tmp.resolve("bin_public-cluster");
    try (Submission run = Submission.start(cluster, "bin_public", evaluate(BIN_PUBLIC, out))) {
      assertEquals(0, run.waitFor(300), run.log());
    }
    JsonNode onCluster = CliRun.summary(out);
    JsonNode local = localRun(BIN_PUBLIC, tmp.resolve("bin_public-local"));
    Summaries.assertSameResults(local, onCluster, 1e-12, "cluster vs local");
    Summaries.assertMatchesReference(ReferenceData.expected("bin_public"), onCluster, 1e-9);
    assertEquals(16, Summaries.perImageIds(Summaries.perImageLines(out.resolve("per_image"))).size());
  }

  /**
   * --deploy-mode cluster: the driver runs on a worker, which copies the app jar into the driver's
   * folder; it logs into that folder's stderr as conf/log4j2.properties says (SegEval's format, Spark
   * at WARN: not Spark's default INFO lines), with the user's driver Java options kept.
   */
  @Test
  void aClusterModeDriverLogsAsSegEvalsLogConfigurationSays() throws Exception {
    Path out = tmp.resolve("bin_public-cluster-mode");
    String driverId;
    try (Submission run = Submission.start(cluster, "cluster-mode", List.of("--deploy-mode", "cluster",
        "--conf", "spark.standalone.submit.waitAppCompletion=true"), evaluate(BIN_PUBLIC, out))) {
      assertEquals(0, run.waitFor(300), run.log());
      Matcher submitted = Pattern.compile("Driver successfully submitted as (driver-\\S+)").matcher(run.log());
      assertTrue(submitted.find(), run.log());
      driverId = submitted.group(1);
      assertTrue(run.log().contains("State of driver " + driverId + " is FINISHED"), run.log());
    }
    Path driverDir = cluster.driverDir(driverId);
    String stderr = Files.readString(driverDir.resolve("stderr"));
    String launch = stderr.lines().filter(l -> l.startsWith("Launch Command: ")).findFirst().orElseThrow();
    for (String option : Submission.FAST_START.split(" ")) {
      assertTrue(launch.contains("\"" + option + "\""), "the user's driver option " + option + " is kept: " + launch);
    }
    assertTrue(launch.contains("\"-Dlog4j2.configurationFile=jar:file:segeval-jobs-" + SegEvalVersion.VERSION
        + "-app.jar!/segeval/log4j2.properties\""), launch);
    String log = stderr.substring(stderr.indexOf("\n=====") + 1);
    assertTrue(log.contains(" INFO  Evaluation: images found: 16"), log);
    // Spark's default layout is "yy/MM/dd HH:mm:ss LEVEL", with INFO for its own classes
    assertEquals(List.of(), log.lines().filter(l -> l.matches("\\d\\d/\\d\\d/\\d\\d .*") || l.contains("INFO  SparkContext")
        || l.contains("Using Spark's default log4j profile")).toList(), log);
    assertTrue(Files.readString(driverDir.resolve("stdout")).contains("SegEval " + SegEvalVersion.VERSION + ": binary task"));
    Summaries.assertMatchesReference(ReferenceData.expected("bin_public"), CliRun.summary(out), 1e-9);
  }

  /**
   * An executor memory Spark would refuse, or too small for an executor JVM to start (450m: Spark's
   * driver check passes, every executor fails): one line naming the setting, exit 2, before Spark
   * starts (no "Error initializing SparkContext" and its stack trace).
   */
  @Test
  void tooLittleExecutorMemoryIsOneLineNamingTheSetting() throws Exception {
    for (String memory : List.of("300m", "450m")) {
      try (Submission run = Submission.start(cluster, "executor-memory-" + memory, List.of("--executor-memory", memory),
          evaluate(BIN_PUBLIC, tmp.resolve("small-executors-" + memory)))) {
        assertEquals(2, run.waitFor(120), run.log());
        List<String> lines = run.log().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        assertEquals(List.of("segeval: the executor memory is " + memory.replace("m", "") + " MiB (spark.executor.memory),"
            + " below the 512 MiB an executor needs (Spark's minimum is 450 MiB of usable heap, a few percent less than"
            + " the memory): raise --executor-memory (spark-submit, deploy/submit) or spark.executor.memory, e.g."
            + " --executor-memory 2g (sizing: docs/cluster.md)"), lines, run.log());
      }
    }
  }

  @Test
  void aKilledExecutorIsReplacedAndTheNumbersDoNotChange() throws Exception {
    int images = 300;
    Path data = tmp.resolve("demo");
    DemoDataset.write(data, images, 7L);
    Path out = tmp.resolve("demo-cluster");
    Path victimDir;
    try (Submission run = Submission.start(cluster, "executor-killed", evaluate(data, out))) {
      // Once the images are listed, the evaluation proper starts: kill an executor JVM (SIGKILL)
      // as soon as it runs one of its tasks.
      await(() -> run.log().contains("images found:") || !run.isAlive(), 240, "the job to list the images", run);
      assertTrue(run.isAlive(), run.log());
      long victim = cluster.executorPids().get(0);
      victimDir = cluster.executorDir(victim);
      Path stderr = victimDir.resolve("stderr");
      int started = count(stderr, "Running task");
      await(() -> count(stderr, "Running task") > started || !run.isAlive(), 120, "a task on executor " + victim, run);
      assertTrue(run.isAlive(), "the job ended before the kill:\n" + run.log());
      assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly(), "SIGKILL to " + victim);
      assertEquals(0, run.waitFor(300), run.log());
      assertTrue(run.log().contains("Lost executor"), "the driver did not see the executor go:\n" + run.log());
    }
    // The worker replaced it: the application had a third executor (folders WORKER/APP/0, 1, 2).
    int launched = cluster.executorsLaunched(victimDir.getParent().getFileName().toString());
    assertTrue(launched >= 3, launched + " executors launched");

    JsonNode onCluster = CliRun.summary(out);
    assertEquals(images, onCluster.get("images").asLong());
    JsonNode local = localRun(data, tmp.resolve("demo-local"));
    Summaries.assertSameResults(local, onCluster, 1e-12, "cluster with a lost executor vs local");
    assertEquals(images, Summaries.perImageIds(Summaries.perImageLines(out.resolve("per_image"))).size());
  }

  @Test
  void aFileWhoseFirstReadFailsIsReadAgainByTheRetriedTaskNotSkipped() throws Exception {
    // A storage hiccup (the first open of one prediction fails with an IOException) under
    // --on-bad-record skip: the task fails and is retried, the image is evaluated, nothing is skipped.
    Path flaky = BIN_PUBLIC.resolve("pred/img_002.npy");
    List<String> options = new ArrayList<>(List.of(
        "--driver-class-path", Scripts.TARGET.resolve("test-classes").toString(),
        "--conf", "spark.executor.extraClassPath=" + Scripts.TARGET.resolve("test-classes")));
    options.addAll(FlakyFileSystem.sparkConf(flaky, tmp.resolve("flaky-markers")));
    Path out = tmp.resolve("flaky-cluster");
    List<String> args = evaluate(BIN_PUBLIC, out);
    args.set(args.indexOf("--pred") + 1, FlakyFileSystem.uri(BIN_PUBLIC.resolve("pred")));
    args.set(args.indexOf("--target") + 1, FlakyFileSystem.uri(BIN_PUBLIC.resolve("mask")));
    args.addAll(List.of("--on-bad-record", "skip"));
    try (Submission run = Submission.start(cluster, "flaky-read", options, args)) {
      assertEquals(0, run.waitFor(300), run.log());
      // the failed attempt is in the driver's log, with its reason (Spark's "Lost task" warning)
      assertTrue(run.log().contains("Lost task") && run.log().contains(FlakyFileSystem.FAILURE), run.log());
    }
    assertTrue(Files.exists(tmp.resolve("flaky-markers")), "the flaky file system was used");
    JsonNode onCluster = CliRun.summary(out);
    assertEquals(0, onCluster.get("rejected").get("count").asLong(), onCluster.toString());
    assertEquals(16, onCluster.get("images").asLong());
    JsonNode local = localRun(BIN_PUBLIC, tmp.resolve("flaky-local"));
    Summaries.assertSameResults(local, onCluster, 1e-12, "cluster with a retried read vs local");
    Summaries.assertMatchesReference(ReferenceData.expected("bin_public"), onCluster, 1e-9);
  }

  /** evaluate with bin_public's parameters, both Lovász variants, per-image rows as JSON. */
  private static List<String> evaluate(Path data, Path out) {
    return new ArrayList<>(List.of("evaluate",
        "--pred", data.resolve("pred").toString(),
        "--target", data.resolve("mask").toString(), "--output", out.toString(),
        "--tversky-alpha", "0.3", "--tversky-beta", "0.7", "--lovasz", "both", "--per-image-format", "json"));
  }

  /** The same evaluation in local mode, in this JVM (the shared local[2] session). */
  private static JsonNode localRun(Path data, Path out) {
    CliRun run = CliRun.of(evaluate(data, out).toArray(new String[0]));
    assertEquals(0, run.exitCode(), run.err());
    return CliRun.summary(out);
  }

  private static int count(Path file, String text) {
    try {
      return Files.exists(file) ? Files.readString(file).split(text, -1).length - 1 : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static void await(BooleanSupplier condition, int seconds, String what, Submission run) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + seconds + " s for " + what + ":\n" + run.log());
      }
      Thread.sleep(50);
    }
  }
}
