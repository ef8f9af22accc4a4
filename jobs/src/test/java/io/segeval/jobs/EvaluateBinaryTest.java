package io.segeval.jobs;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.testing.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code segeval evaluate} on bin_public through the command line, against expected.json. */
class EvaluateBinaryTest {
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir static Path tmp;
  private static JsonNode reference; // the --lovasz both run, compared with every other run

  static String[] args(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate",
        "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString(),
        "--output", output.toString(), "--tversky-alpha", "0.3", "--tversky-beta", "0.7"}, more);
  }

  @BeforeAll
  static void runOnce() {
    Path out = tmp.resolve("both");
    CliRun run = CliRun.of(args(out, "--lovasz", "both", "--per-image-format", "json"));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("lovasz_hinge_loss"), run.out());
    reference = CliRun.summary(out);
  }

  @Test
  void summaryHasEveryReferenceValue() {
    assertEquals("binary", reference.get("task").asText());
    assertEquals("logits", reference.get("input").asText());
    assertEquals(16, reference.get("images").asLong());
    assertEquals(EXPECTED.get("pixels").asLong(), reference.get("pixels").asLong());
    assertEquals(0.3, reference.get("params").get("tversky_alpha").asDouble());
    assertEquals(0, reference.get("rejected").get("count").asLong());
    assertSection(EXPECTED.get("dataset"), reference.get("dataset"), "dataset");
    assertSection(EXPECTED.get("per_image_mean"), reference.get("per_image_mean"), "per_image_mean");
  }

  @Test
  void perImageRowsHaveEveryReferenceValue() {
    Map<String, JsonNode> rows = CliRun.jsonLines(tmp.resolve("both").resolve("per_image"), "image_id");
    assertEquals(16, rows.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = EXPECTED.get("per_image").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertSection(e.getValue(), rows.get(e.getKey()), "per_image." + e.getKey());
    }
  }

  @Test
  void sameResultForAnyPartitioningAndFileOrder() throws IOException {
    Path shuffled = copyInReverseOrder(tmp.resolve("shuffled"));
    for (String partitions : List.of("1", "3", "7")) {
      Path out = tmp.resolve("p" + partitions);
      CliRun run = CliRun.of("evaluate", "--pred", shuffled.resolve("pred").toString(),
          "--target", shuffled.resolve("mask").toString(), "--output", out.toString(),
          "--tversky-alpha", "0.3", "--tversky-beta", "0.7", "--lovasz", "both", "--partitions", partitions);
      assertEquals(0, run.exitCode(), run.err());
      JsonNode s = CliRun.summary(out);
      assertSameNumbers(reference.get("dataset"), s.get("dataset"), 1e-12, "partitions " + partitions);
      assertSameNumbers(reference.get("per_image_mean"), s.get("per_image_mean"), 1e-12, "partitions " + partitions);
    }
  }

  /** Predictions saved with their channel axis, first (PyTorch) or last (Keras), read as (H, W). */
  @Test
  void predictionsWithAChannelAxisFirstOrLastGiveTheSameResult() throws IOException {
    for (String layout : List.of("channel-first", "channel-last")) {
      Path copy = tmp.resolve(layout);
      Files.createDirectories(copy.resolve("pred"));
      try (var files = Files.walk(DATA.resolve("pred"))) {
        for (Path p : files.filter(Files::isRegularFile).toList()) {
          NdArray a = MaskCodecs.decode(p.toString(), Files.readAllBytes(p), Long.MAX_VALUE, null);
          int h = a.shape()[0];
          int w = a.shape()[1];
          float[] values = new float[h * w];
          for (int j = 0; j < values.length; j++) {
            values[j] = (float) a.data()[j]; // the files are float32: exact
          }
          int[] shape = layout.equals("channel-first") ? new int[] {1, h, w} : new int[] {h, w, 1};
          Path written = copy.resolve("pred").resolve(DATA.resolve("pred").relativize(p).toString());
          Files.createDirectories(written.getParent());
          Files.write(written, NpyWriter.encodeFloat32(shape, values));
        }
      }
      Path out = tmp.resolve(layout + "-out");
      CliRun run = CliRun.of("evaluate", "--pred", copy.resolve("pred").toString(),
          "--target", DATA.resolve("mask").toString(), "--output", out.toString(),
          "--tversky-alpha", "0.3", "--tversky-beta", "0.7", "--lovasz", "both");
      assertEquals(0, run.exitCode(), run.err());
      JsonNode s = CliRun.summary(out);
      assertSameNumbers(reference.get("dataset"), s.get("dataset"), 1e-12, layout);
      assertSameNumbers(reference.get("per_image_mean"), s.get("per_image_mean"), 1e-12, layout);
    }
  }

  /**
   * A 1×4 image whose target is saved channel-last, (1, 4, 1), pairs with its (1, 4) prediction
   * (was "shapes differ": the target read as (4, 1)), as a (1, 4) target pairs with a (1, 4, 1)
   * prediction.
   */
  @Test
  void aOneRowTargetSavedChannelLastPairsWithItsPrediction() throws IOException {
    for (boolean targetChannelLast : List.of(true, false)) {
      Path dir = tmp.resolve("one-row-" + targetChannelLast);
      Files.createDirectories(dir.resolve("pred"));
      Files.createDirectories(dir.resolve("mask"));
      // logits: predicted foreground at pixels 0 and 2; foreground in the target at pixels 0 and 3
      Files.write(dir.resolve("pred/row.npy"), NpyWriter.encodeFloat32(targetChannelLast ? new int[] {1, 4}
          : new int[] {1, 4, 1}, new float[] {3, -3, 3, -3}));
      Files.write(dir.resolve("mask/row.npy"), NpyTestWriter.encodeUint8(targetChannelLast ? new int[] {1, 4, 1}
          : new int[] {1, 4}, new byte[] {1, 0, 0, 1}));
      Path out = dir.resolve("out");
      CliRun run = CliRun.of("evaluate", "--pred", dir.resolve("pred").toString(), "--target",
          dir.resolve("mask").toString(), "--output", out.toString(), "--on-bad-record", "fail");
      assertEquals(0, run.exitCode(), run.err());
      JsonNode d = CliRun.summary(out).get("dataset");
      assertEquals(1, d.get("tp").asLong());
      assertEquals(1, d.get("fp").asLong());
      assertEquals(1, d.get("fn").asLong());
      assertEquals(1, d.get("tn").asLong());
      assertEquals(0.5, d.get("hard_dice").asDouble(), 1e-12);
    }
  }

  @Test
  void hadoopFileUrisWorkLikePaths() {
    Path out = tmp.resolve("uri");
    CliRun run = CliRun.of("evaluate", "--pred", DATA.resolve("pred").toUri().toString(),
        "--target", DATA.resolve("mask").toUri().toString(), "--output", out.toUri().toString(),
        "--tversky-alpha", "0.3", "--tversky-beta", "0.7");
    assertEquals(0, run.exitCode(), run.err());
    assertSameNumbers(reference.get("per_image_mean"), CliRun.summary(out).get("per_image_mean"), 1e-12, "file: URIs");
    assertEquals(16, CliRun.summary(out).get("images").asLong());
  }

  @Test
  void perImageLovaszOnlyLeavesTheDatasetWideOneNull() {
    Path out = tmp.resolve("per-image-only");
    CliRun run = CliRun.of(args(out, "--per-image-format", "csv"));
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = CliRun.summary(out);
    assertTrue(s.get("dataset").get("lovasz_hinge_loss").isNull());
    assertClose(EXPECTED.get("per_image_mean").get("lovasz_hinge_loss").asDouble(),
        s.get("per_image_mean").get("lovasz_hinge_loss").asDouble(), 1e-9, "per-image Lovász mean");
    assertTrue(Files.exists(out.resolve("per_image")));
  }

  @Test
  void anExistingOutputIsLeftUntouchedWithoutOverwrite() throws IOException {
    Path out = tmp.resolve("existing");
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.json"), "{}"); // an earlier run's output: --overwrite may replace it
    Files.writeString(out.resolve("keep.txt"), "old");
    CliRun run = CliRun.of(args(out));
    assertEquals(2, run.exitCode()); // refused before any work: a bad command line
    assertEquals("segeval: --output " + out + " already exists; pass --overwrite to replace it, or choose another"
        + " --output (it is left untouched)", run.err().lines().findFirst().orElse(""), run.err());
    assertEquals("old", Files.readString(out.resolve("keep.txt")));
    CliRun again = CliRun.of(args(out, "--overwrite"));
    assertEquals(0, again.exitCode(), again.err());
    assertFalse(Files.exists(out.resolve("keep.txt")));
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"task\""));
  }

  static void assertSection(JsonNode expected, JsonNode actual, String where) {
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode a = actual.get(e.getKey());
      assertTrue(a != null && !a.isNull(), where + "." + e.getKey() + " missing");
      if (e.getValue().isIntegralNumber()) {
        assertEquals(e.getValue().asLong(), a.asLong(), where + "." + e.getKey());
      } else {
        assertClose(e.getValue().asDouble(), a.asDouble(), 1e-9, where + "." + e.getKey());
      }
    }
  }

  static void assertSameNumbers(JsonNode expected, JsonNode actual, double tol, String where) {
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        assertClose(e.getValue().asDouble(), actual.get(e.getKey()).asDouble(), tol, where + " " + e.getKey());
      }
    }
  }

  /** A copy of bin_public whose files are created in reverse order. */
  private static Path copyInReverseOrder(Path dest) throws IOException {
    try (var files = Files.walk(DATA)) {
      List<Path> all = files.filter(Files::isRegularFile).sorted(java.util.Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Path target = dest.resolve(DATA.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
    return dest;
  }
}
