package io.segeval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.demo.DemoDataset;
import io.segeval.testing.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SegEval on a real standalone cluster ({@code deploy/local-cluster}: a master and two workers,
 * each its own JVM, 127.0.0.1 only), submitted with {@code deploy/submit} in client mode: the
 * results equal local mode's, also when an executor JVM is killed while the job runs.
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
