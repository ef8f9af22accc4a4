package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.limit.MaxRejected;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-rejected N} stops a run as soon as more than N records are known to be skipped:
 * pairing problems before any Spark job, decode failures once the partitions done hold them; under
 * the limit the summary is the one without a limit.
 */
class MaxRejectedEarlyTest {
  @TempDir Path tmp;

  private Path pred;
  private Path mask;

  @BeforeEach
  void folders() throws IOException {
    pred = Files.createDirectories(tmp.resolve("pred"));
    mask = Files.createDirectories(tmp.resolve("mask"));
  }

  /** A pair of (pred, mask) files; {@code targetValue} 7 makes it a bad record (not a binary target). */
  private void writePair(String id, int targetValue) throws IOException {
    Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {1, 2}, new float[] {-2, 3}));
    Files.write(mask.resolve(id + ".png"), PngMask.encodeGray8(1, 2, new byte[] {0, (byte) targetValue}));
  }

  private CliRun evaluate(String out, String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", pred.toString(), "--target",
        mask.toString(), "--output", tmp.resolve(out).toString(), "--on-bad-record", "skip"}, more));
  }

  @Test
  void pairingProblemsAloneOverTheLimitStopTheRunBeforeAnySparkJob() throws IOException {
    writePair("good_1", 1);
    writePair("good_2", 0);
    for (String id : new String[] {"lonely_a", "lonely_b", "lonely_c"}) {
      Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {1, 1}, new float[] {1}));
    }
    SparkContext sc = TestSpark.get().sparkContext();
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    sc.addSparkListener(counter);
    try (LogCapture log = LogCapture.of(Level.WARN, MaxRejected.class.getName())) {
      CliRun run = evaluate("out", "--max-rejected", "2");
      sc.listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(10));
      assertEquals(0, jobs.get(), "no Spark job ran");
      assertEquals(1, run.exitCode());
      assertEquals(List.of("segeval: at least 3 records were skipped, more than --max-rejected 2 by the pairing"
          + " problems of the folders alone: the per-image stage was not started; see the reasons above"),
          run.err().lines().toList());
      String prefix = "WARN " + MaxRejected.class.getName() + ": ";
      assertEquals(List.of(prefix + "skipped at least 3 bad record(s) so far, by reason:",
          prefix + "         3  no target file for this prediction",
          prefix + "the skipped records so far:",
          prefix + "  image 'lonely_a' (" + "file:" + pred.resolve("lonely_a.npy") + "): no target file for this prediction",
          prefix + "  image 'lonely_b' (" + "file:" + pred.resolve("lonely_b.npy") + "): no target file for this prediction",
          prefix + "  image 'lonely_c' (" + "file:" + pred.resolve("lonely_c.npy") + "): no target file for this prediction"),
          log.lines());
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      sc.removeSparkListener(counter);
    }
    assertTrue(Files.notExists(tmp.resolve("out")), "no output");
  }

  @Test
  void decodeFailuresOverTheLimitStopTheStageBeforeEveryPartitionRan() throws IOException {
    int images = 300;
    for (int i = 0; i < images; i++) {
      writePair(String.format("img_%03d", i), 7);
    }
    try (LogCapture log = LogCapture.of(Level.WARN, MaxRejected.class.getName())) {
      CliRun run = evaluate("out", "--max-rejected", "2", "--partitions", String.valueOf(images));
      assertEquals(1, run.exitCode(), run.err());
      List<String> err = run.err().lines().toList();
      assertEquals(1, err.size(), err.toString());
      Matcher m = Pattern.compile("segeval: at least (\\d+) records were skipped, more than --max-rejected 2: the"
          + " per-image stage was stopped early, after (\\d+) of 300 partitions; see the reasons above").matcher(err.get(0));
      assertTrue(m.matches(), err.get(0));
      int skipped = Integer.parseInt(m.group(1));
      int done = Integer.parseInt(m.group(2));
      // one image a partition, every one bad: the partitions done are the records skipped
      assertEquals(done, skipped);
      assertTrue(skipped > 2 && done < images, "stopped early: " + err.get(0));
      String prefix = "WARN " + MaxRejected.class.getName() + ": ";
      List<String> lines = log.lines();
      assertEquals(prefix + "skipped at least " + skipped + " bad record(s) so far, by reason:", lines.get(0));
      assertEquals(prefix + String.format("  %,8d  target value # at (row #, col #) is not a binary target (0, 1 or 255,"
          + " or a soft value in [0, 1]); is it a mask of class ids (0 to #)? evaluate it with --task multiclass"
          + " --num-classes #, or save (mask > 0) as the binary foreground", skipped), lines.get(1));
      assertEquals(prefix + "the skipped records so far" + (skipped > 10 ? " (the first 10, by image_id)" : "") + ":",
          lines.get(2));
      assertEquals(3 + Math.min(skipped, 10) + (skipped > 10 ? 1 : 0), lines.size(), lines.toString());
      assertTrue(lines.get(3).startsWith(prefix + "  image 'img_"), lines.get(3));
      assertTrue(lines.get(3).endsWith("): target value 7.0 at (row 0, col 1) is not a binary target (0, 1 or 255,"
          + " or a soft value in [0, 1]); is it a mask of class ids (0 to 7)? evaluate it with --task multiclass"
          + " --num-classes 8, or save (mask > 0) as the binary foreground"), lines.get(3));
      if (skipped > 10) {
        assertEquals(prefix + "  ... and " + (skipped - 10) + " more", lines.get(lines.size() - 1));
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertTrue(Files.notExists(tmp.resolve("out")), "no output");
    assertTrue(MaxRejected.hasStoppedARun(), "the log filter may drop the killed tasks' cleanup warnings");
  }

  @Test
  void multiclassTargetsOfNoClassOverTheLimitStopTheStageEarlyToo() throws IOException {
    int images = 200;
    for (int i = 0; i < images; i++) {
      String id = String.format("img_%03d", i);
      // (C = 2, H = 1, W = 2) scores; the target's 7 is no class id in [0, 2) nor the ignore index 255
      Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {2, 1, 2}, new float[] {1, 0, 0, 1}));
      Files.write(mask.resolve(id + ".png"), PngMask.encodeGray8(1, 2, new byte[] {0, 7}));
    }
    CliRun run = evaluate("out", "--task", "multiclass", "--num-classes", "2", "--max-rejected", "1",
        "--partitions", String.valueOf(images));
    assertEquals(1, run.exitCode(), run.err());
    Matcher m = Pattern.compile("segeval: at least (\\d+) records were skipped, more than --max-rejected 1: the"
        + " per-image stage was stopped early, after (\\d+) of 200 partitions; see the reasons above")
        .matcher(run.err().strip());
    assertTrue(m.matches(), run.err());
    assertTrue(Integer.parseInt(m.group(2)) < images, run.err());
    assertTrue(Files.notExists(tmp.resolve("out")), "no output");
  }

  @Test
  void underTheLimitTheSummaryIsTheOneWithoutALimit() throws IOException {
    for (int i = 0; i < 12; i++) {
      writePair(String.format("img_%02d", i), i % 4 == 0 ? 7 : i % 2); // img_00, img_04, img_08 are bad
    }
    Files.write(pred.resolve("lonely.npy"), NpyWriter.encodeFloat32(new int[] {1, 1}, new float[] {1}));
    CliRun limited = evaluate("limited", "--max-rejected", "4", "--partitions", "6");
    CliRun unlimited = evaluate("unlimited", "--partitions", "6");
    assertEquals(0, limited.exitCode(), limited.err());
    assertEquals(0, unlimited.exitCode(), unlimited.err());
    JsonNode a = CliRun.summary(tmp.resolve("limited"));
    JsonNode b = CliRun.summary(tmp.resolve("unlimited"));
    assertEquals(4, a.get("rejected").get("count").asLong());
    assertEquals(9, a.get("images").asLong());
    for (String section : new String[] {"images", "pixels", "dataset", "per_image_mean", "rejected"}) {
      assertEquals(b.get(section), a.get(section), section);
    }
  }
}
