package io.segeval.jobs.lovasz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.CliRun;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset-wide Lovász sort reads the images a second time, after the per-image stage. It may
 * leave out only the images that stage rejected; an image it evaluated must read the same again,
 * or the run fails naming it (a file that became unreadable, or changed, during the run), whatever
 * {@code --on-bad-record} says: left out, its pixels would be missing from the sort while counted in
 * the loss's target total. {@link ChangingFileSystem} makes a file change after its first read.
 */
class GlobalLovaszInputChangesTest {
  @TempDir Path tmp;

  @BeforeAll
  static void registerFileSystem() {
    ChangingFileSystem.register(TestSpark.get().sparkContext().hadoopConfiguration());
  }

  @AfterEach
  void reset() {
    ChangingFileSystem.reset();
  }

  private Path pred() {
    return tmp.resolve("pred");
  }

  private Path target() {
    return tmp.resolve("target");
  }

  private void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** Image {@code id}: 2x2 logits and a 0/255 PNG target. */
  private void binaryImage(String id, float[] logits, byte[] target) throws IOException {
    write(pred().resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {2, 2}, logits));
    write(target().resolve(id + ".png"), PngMask.encodeGray8(2, 2, target));
  }

  private CliRun evaluate(String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", ChangingFileSystem.uri(pred()),
        "--target", ChangingFileSystem.uri(target()), "--output", tmp.resolve("out").toString(),
        "--lovasz", "global"}, more));
  }

  private void assertFailedOn(CliRun run, String id, Path file, String reason) {
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("segeval: image '" + id + "' (" + ChangingFileSystem.uri(file) + "): " + reason,
        run.err().lines().findFirst().orElse(""));
    assertFalse(Files.exists(tmp.resolve("out")), "no output after a failure");
    // per_image/ was staged before the sort failed (in a Spark job: a checked SparkException): the
    // failed run removes its staging folder
    try (var siblings = Files.list(tmp)) {
      assertEquals(List.of(), siblings.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(".out.segeval-staging-")).toList(), "no staging folder left");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anEvaluatedImageThatIsGoneWhenReadAgainFailsTheRunEvenWhenSkipping() throws IOException {
    binaryImage("a", new float[] {2, -1, 0.5f, -3}, new byte[] {(byte) 255, 0, 0, (byte) 255});
    binaryImage("b", new float[] {1, 1, -1, -1}, new byte[] {(byte) 255, 0, (byte) 255, 0});
    ChangingFileSystem.removedAfterFirstRead(pred().resolve("b.npy"));
    assertFailedOn(evaluate("--on-bad-record", "skip"), "b", pred().resolve("b.npy"),
        "the per-image stage evaluated it, but the dataset-wide Lovász sort cannot read it again:"
            + " cannot read the file: " + pred().resolve("b.npy") + " (No such file or directory)");
  }

  /** A read failure of the storage (not a removed file) is never skipped: the run stops on it, naming it. */
  @Test
  void anEvaluatedImageWhoseSecondReadFailsFailsTheRunEvenWhenSkipping() throws IOException {
    binaryImage("a", new float[] {2, -1, 0.5f, -3}, new byte[] {(byte) 255, 0, 0, (byte) 255});
    binaryImage("b", new float[] {1, 1, -1, -1}, new byte[] {(byte) 255, 0, (byte) 255, 0});
    ChangingFileSystem.unreadableAfterFirstRead(pred().resolve("b.npy"), "Input/output error");
    assertFailedOn(evaluate("--on-bad-record", "skip"), "b", pred().resolve("b.npy"), READ_FAILURE);
  }

  /**
   * In the per-image stage too: a read failure is not a bad record to skip (a passing hiccup would
   * change the numbers); it fails the task, which a local master does not retry.
   */
  @Test
  void aReadFailureIsNotSkippedAsABadRecord() throws IOException {
    binaryImage("a", new float[] {2, -1, 0.5f, -3}, new byte[] {(byte) 255, 0, 0, (byte) 255});
    binaryImage("b", new float[] {1, 1, -1, -1}, new byte[] {(byte) 255, 0, (byte) 255, 0});
    ChangingFileSystem.unreadable(target().resolve("b.png"), "Input/output error");
    assertFailedOn(evaluate("--on-bad-record", "skip"), "b", target().resolve("b.png"),
        READ_FAILURE);
  }

  private static final String READ_FAILURE = "cannot read the file: Input/output error (a read failure, not a bad"
      + " record: it fails the task, which Spark retries up to spark.task.maxFailures times, and is never skipped)";

  @Test
  void anEvaluatedImageWithOtherPixelsOnItsSecondReadFailsTheRun() throws IOException {
    // 2x3 float32 then 1x3 float64: files of the same length, so only the decoded image differs
    write(pred().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {2, 3}, new float[] {2, -1, 0.5f, -3, 1, 0}));
    write(target().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {2, 3}, new float[] {1, 0, 0, 1, 1, 0}));
    write(tmp.resolve("later/a_pred.npy"), NpyTestWriter.encodeFloat64(new int[] {1, 3}, new double[] {2, -1, 0.5}));
    write(tmp.resolve("later/a_target.npy"), NpyTestWriter.encodeFloat64(new int[] {1, 3}, new double[] {1, 0, 0}));
    assertEquals(Files.size(pred().resolve("a.npy")), Files.size(tmp.resolve("later/a_pred.npy")));
    ChangingFileSystem.replacedAfterFirstRead(pred().resolve("a.npy"), tmp.resolve("later/a_pred.npy"));
    ChangingFileSystem.replacedAfterFirstRead(target().resolve("a.npy"), tmp.resolve("later/a_target.npy"));
    assertFailedOn(evaluate(), "a", pred().resolve("a.npy"),
        "changed during the run: the per-image stage read 6 pixels, the dataset-wide Lovász sort 3");
  }

  @Test
  void aRejectedImageStaysOutOfTheSortWithoutBeingReadAgain() throws IOException {
    binaryImage("a", new float[] {2, -1, 0.5f, -3}, new byte[] {(byte) 255, 0, 0, (byte) 255});
    binaryImage("nan", new float[] {9, Float.NaN, 9, -9}, new byte[] {0, 0, 0, 1});
    ChangingFileSystem.unreadableAfterFirstRead(pred().resolve("nan.npy"), "Input/output error");
    CliRun run = evaluate("--on-bad-record", "skip");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = CliRun.summary(tmp.resolve("out"));
    assertEquals(1, s.get("rejected").get("count").asLong());
    // image a alone: errors 1 − x·(2t − 1) = (−1, 0, 1.5, 4), sorted with the Jaccard gradient
    // (1/2, 1/6, ...): 4/2 + 1.5/6 = 2.25
    assertEquals(2.25, s.get("dataset").get("lovasz_hinge_loss").asDouble(), 1e-12);
  }

  @Test
  void aMulticlassTargetThatCannotBeReadAgainFailsTheRun() throws IOException {
    for (String id : new String[] {"a", "b"}) {
      write(pred().resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {3, 1, 2}, new float[] {2, 0, 0, 1, -1, 3}));
      write(target().resolve(id + ".png"), PngMask.encodeGray8(1, 2, new byte[] {0, 2}));
    }
    ChangingFileSystem.unreadableAfterFirstRead(target().resolve("a.png"), "Input/output error");
    assertFailedOn(evaluate("--task", "multiclass", "--num-classes", "3"), "a", target().resolve("a.png"),
        READ_FAILURE);
  }
}
