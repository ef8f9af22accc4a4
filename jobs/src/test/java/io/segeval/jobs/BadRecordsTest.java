package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.output.Rejections;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad record of issue 4, in one dataset: with {@code --on-bad-record skip} the job
 * finishes, counts every one exactly and lists it with its reason; with {@code fail} each one alone
 * stops the job with exit 1 and a line that names it.
 */
class BadRecordsTest {
  @TempDir Path tmp;

  private Path pred;
  private Path mask;

  @BeforeEach
  void goodPairs() throws IOException {
    pred = tmp.resolve("pred");
    mask = tmp.resolve("mask");
    for (String id : new String[] {"good_1", "good_2"}) {
      writeNpy(id, new float[] {-2, 3, 1, -1, 0.5f, 4}, 2, 3);
      writePng(id, new byte[] {0, (byte) 255, 1, 0, 0, (byte) 255}, 2, 3);
    }
  }

  private void writeNpy(String id, float[] values, int h, int w) throws IOException {
    Files.createDirectories(pred);
    Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {h, w}, values));
  }

  private void writePng(String id, byte[] values, int h, int w) throws IOException {
    Files.createDirectories(mask);
    Files.write(mask.resolve(id + ".png"), PngMask.encodeGray8(h, w, values));
  }

  /** Each bad case as (image_id → the words its reason must contain). */
  private Map<String, String> writeBadRecords() throws IOException {
    writeNpy("no_target", new float[] {1, 2}, 1, 2);
    writePng("no_pred", new byte[] {0, 1}, 1, 2);
    writeNpy("dup", new float[] {1, 2}, 1, 2);
    Files.write(pred.resolve("dup.png"), PngMask.encodeGray8(1, 2, new byte[] {0, 1}));
    writePng("dup", new byte[] {0, 1}, 1, 2);
    writeNpy("transposed", new float[6], 2, 3);
    writePng("transposed", new byte[6], 3, 2);
    Files.write(pred.resolve("random.npy"), new byte[] {7, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    writePng("random", new byte[] {0, 1}, 1, 2);
    byte[] truncated = NpyWriter.encodeFloat32(new int[] {4, 5}, new float[20]);
    Files.write(pred.resolve("truncated.npy"), java.util.Arrays.copyOf(truncated, truncated.length - 30));
    writePng("truncated", new byte[20], 4, 5);
    Files.write(pred.resolve("pickled.npy"), objectNpy());
    writePng("pickled", new byte[] {0}, 1, 1);
    writeNpy("nan", new float[] {0, 1, 2, Float.NaN}, 2, 2);
    writePng("nan", new byte[4], 2, 2);
    writeNpy("target_7", new float[] {0, 1}, 1, 2);
    writePng("target_7", new byte[] {0, 7}, 1, 2);
    writeNpy("rgb", new float[] {0, 1}, 1, 2);
    Files.write(mask.resolve("rgb.png"), rgbPng());
    writeNpy("huge", new float[] {0}, 1, 1);
    Files.write(mask.resolve("huge.png"), hugeHeaderPng(100_000, 100_000));
    Files.write(pred.resolve("uint8_mask.npy"), NpyTestWriter.encodeUint8(new int[] {1, 2}, new byte[] {1, 0}));
    writePng("uint8_mask", new byte[] {1, 0}, 1, 2);
    return Map.ofEntries(
        Map.entry("no_target", "no target file for this prediction"),
        Map.entry("no_pred", "no prediction file for this target"),
        Map.entry("dup", "several prediction files share this image_id"),
        Map.entry("transposed", "shapes differ: prediction 2x3, target 3x2"),
        Map.entry("random", "not an NPY file"),
        Map.entry("truncated", "truncated"),
        Map.entry("pickled", "never unpickles"),
        Map.entry("nan", "non-finite prediction NaN at (row 1, col 1)"),
        Map.entry("target_7", "target value 7.0 at (row 0, col 1) is not a binary target"),
        Map.entry("rgb", "grayscale or palette"),
        Map.entry("huge", "--max-pixels"),
        Map.entry("uint8_mask", "the prediction holds integers (labels), not logits; pass --input labels"));
  }

  private CliRun evaluate(String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", pred.toString(), "--target",
        mask.toString(), "--output", tmp.resolve("out").toString()}, more));
  }

  @Test
  void skipCountsAndListsEveryBadRecordWithItsReason() throws IOException {
    Map<String, String> bad = writeBadRecords();
    CliRun run = evaluate("--on-bad-record", "skip");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode summary = CliRun.summary(tmp.resolve("out"));
    assertEquals(2, summary.get("images").asLong());
    assertEquals(12, summary.get("pixels").asLong());
    JsonNode rejected = summary.get("rejected");
    assertEquals(bad.size(), rejected.get("count").asLong());
    Map<String, JsonNode> listed = CliRun.jsonLines(tmp.resolve("out").resolve("rejected"), "image_id");
    assertEquals(bad.keySet(), listed.keySet());
    for (JsonNode item : rejected.get("items")) {
      String id = item.get("image_id").asText();
      assertTrue(item.get("reason").asText().contains(bad.get(id)), id + ": " + item);
      assertTrue(item.get("file").asText().contains(id), id + ": " + item);
      assertEquals(item, listed.get(id));
    }
    assertTrue(run.out().contains("skipped " + bad.size() + " bad record(s)"), run.out());
    // Counted by the class of their reason: the record's own values as #, the reason's constants kept.
    assertTrue(run.out().contains("       1  non-finite prediction # at (row #, col #)"), run.out());
    List<String> classes = new ArrayList<>();
    rejected.get("by_reason").fields().forEachRemaining(e -> {
      assertEquals(1, e.getValue().asLong(), e.getKey());
      classes.add(e.getKey());
    });
    assertEquals(List.of(
        "RGB mask: SegEval reads grayscale or palette (indexed) PNG masks; save the mask as 8-bit grayscale or palette",
        "header claims #x# = # values, more than --max-pixels # (it limits values: H×W for a mask, C×H×W for a score array)",
        "no prediction file for this target",
        "no target file for this prediction",
        "non-finite prediction # at (row #, col #)",
        "not an NPY file (no \\x93NUMPY magic at the start)",
        "object (pickled) arrays are not read: SegEval never unpickles; save a numeric array",
        "several prediction files share this image_id: #",
        "shapes differ: prediction #, target #",
        "target value # at (row #, col #) is not a binary target (0, 1 or 255, or a soft value in [0, 1]); is it a mask of"
            + " class ids (0 to #)? evaluate it with --task multiclass --num-classes #, or save (mask > 0) as the binary"
            + " foreground",
        "the prediction holds integers (labels), not logits; pass --input labels for label predictions (scores kept as"
            + " 8-bit images, p·255: save p = image / 255 as a float NPY)",
        "truncated: header says # # = # bytes of data, file has #"), classes);
  }

  /** Spec §5: with skip the job reports each bad record under rejected, however many there are (no cap). */
  @Test
  void skipListsEveryBadRecordInSummaryJsonBeyondAThousand() throws IOException {
    int missing = 1_001;
    for (int i = 0; i < missing; i++) {
      writePng(String.format("no_pred_%04d", i), new byte[] {0, 1}, 1, 2);
    }
    CliRun run = evaluate("--on-bad-record", "skip");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode rejected = CliRun.summary(tmp.resolve("out")).get("rejected");
    assertEquals(missing, rejected.get("count").asLong());
    JsonNode items = rejected.get("items");
    assertEquals(missing, items.size());
    assertEquals("no_pred_0000", items.get(0).get("image_id").asText());
    assertEquals("no_pred_1000", items.get(missing - 1).get("image_id").asText());
    assertEquals("no prediction file for this target", items.get(missing - 1).get("reason").asText());
    assertFalse(rejected.get("items_truncated").asBoolean());
  }

  @Test
  void reasonsOfOneClassAreCountedTogether() throws IOException {
    // two non-finite predictions (NaN, -Infinity) at different places, two targets out of range
    writeNpy("nan", new float[] {0, 1, 2, Float.NaN}, 2, 2);
    writePng("nan", new byte[4], 2, 2);
    writeNpy("minus_inf", new float[] {Float.NEGATIVE_INFINITY, 1}, 1, 2);
    writePng("minus_inf", new byte[2], 1, 2);
    writeNpy("target_7", new float[] {0, 1}, 1, 2);
    writePng("target_7", new byte[] {0, 7}, 1, 2);
    writeNpy("target_42", new float[] {0, 1, 2}, 3, 1);
    writePng("target_42", new byte[] {0, 1, 42}, 3, 1);
    CliRun run = evaluate("--on-bad-record", "skip");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode byReason = CliRun.summary(tmp.resolve("out")).get("rejected").get("by_reason");
    assertEquals("{\"non-finite prediction # at (row #, col #)\":2,"
        + "\"target value # at (row #, col #) is not a binary target (0, 1 or 255, or a soft value in [0, 1]); is it a"
        + " mask of class ids (0 to #)? evaluate it with --task multiclass --num-classes #, or save (mask > 0) as the"
        + " binary foreground\":2}",
        byReason.toString());
    assertTrue(run.out().contains("       2  target value # at (row #, col #) is not a binary target (0, 1 or 255, or a"
        + " soft value in [0, 1])"), run.out());
  }

  @Test
  void failStopsAtEachBadRecordAlone() throws IOException {
    Map<String, String> bad = writeBadRecords();
    for (Map.Entry<String, String> only : bad.entrySet()) {
      Path single = tmp.resolve("single-" + only.getKey());
      copyCase(only.getKey(), single);
      CliRun run = CliRun.of("evaluate", "--pred", single.resolve("pred").toString(),
          "--target", single.resolve("mask").toString(), "--output", single.resolve("out").toString());
      assertEquals(1, run.exitCode(), only.getKey() + ": " + run.err());
      String line = run.err().lines().findFirst().orElse("");
      assertTrue(line.contains("'" + only.getKey() + "'") && line.contains(only.getValue()), only.getKey() + ": " + run.err());
      assertFalse(run.err().contains("\tat "), run.err());
      assertFalse(Files.exists(single.resolve("out")), "no output after a failure");
    }
  }

  /**
   * What a user of the launcher sees on the terminal (its JVM options and log configuration): the
   * one line, not Spark's log of the failed task, whose stack trace is only for {@code --verbose}.
   */
  @Test
  void aBadRecordIsOneLineOnTheTerminal() throws Exception {
    writeNpy("nan", new float[] {0, 1, 2, Float.NaN}, 2, 2);
    writePng("nan", new byte[] {0, 1, 1, 0}, 2, 2);
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Files.readAllLines(root.resolve("deploy/jvm-options")));
    cmd.addAll(List.of("-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
        "-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), SegEvalMain.class.getName(), "evaluate", "--master", "local[2]",
        "--pred", pred.toString(), "--target", mask.toString(), "--output", tmp.resolve("out").toString(),
        "--partitions", "3"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.txt").toFile())
        .redirectOutput(tmp.resolve("stdout.txt").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process job = pb.start();
    try {
      assertTrue(job.waitFor(120, TimeUnit.SECONDS), "the job did not end");
    } finally {
      job.destroyForcibly();
    }
    assertEquals(1, job.exitValue());
    List<String> lines = Files.readAllLines(tmp.resolve("stderr.txt")).stream()
        .filter(l -> !l.startsWith("WARNING: Using incubator modules") && !l.contains(" INFO "))
        .toList();
    assertEquals(List.of("segeval: image 'nan' (file:" + pred.resolve("nan.npy")
        + "): non-finite prediction NaN at (row 1, col 1)"), lines);
  }

  /** A skipped image is out of every dataset value, the dataset-wide Lovász hinge's sort included. */
  @Test
  void aSkippedImageIsOutOfTheDatasetWideLovasz() throws IOException {
    Files.delete(pred.resolve("good_2.npy"));
    Files.delete(mask.resolve("good_2.png"));
    writeNpy("good_1", new float[] {2, -1, 0.5f, -3}, 2, 2);
    writePng("good_1", new byte[] {(byte) 255, 0, 0, (byte) 255}, 2, 2);
    writeNpy("bad_target", new float[] {9, -9, 9, -9}, 2, 2);
    writePng("bad_target", new byte[] {7, 0, 0, 0}, 2, 2);
    writeNpy("nan", new float[] {9, Float.NaN, 9, -9}, 2, 2);
    writePng("nan", new byte[] {0, 0, 0, 1}, 2, 2);
    CliRun run = evaluate("--on-bad-record", "skip", "--lovasz", "both");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = CliRun.summary(tmp.resolve("out"));
    assertEquals(2, s.get("rejected").get("count").asLong());
    // good_1 alone: errors 1 − x·(2t − 1) = (−1, 0, 1.5, 4), sorted 4, 1.5, 0, −1 with the Jaccard
    // gradient (1/2, 1/6, 1/12, 1/4): 4/2 + 1.5/6 = 2.25 (Berman's lovasz_hinge_flat)
    assertEquals(2.25, s.get("dataset").get("lovasz_hinge_loss").asDouble(), 1e-12);
    assertEquals(2.25, s.get("per_image_mean").get("lovasz_hinge_loss").asDouble(), 1e-12);
  }

  @Test
  void maxRejectedSaysOneRecordInTheSingularAndStopsBeforeTheDatasetWideLovasz() throws IOException {
    writeNpy("nan", new float[] {9, Float.NaN, 9, -9}, 2, 2);
    writePng("nan", new byte[] {0, 0, 0, 1}, 2, 2);
    CliRun run = evaluate("--on-bad-record", "skip", "--max-rejected", "0", "--lovasz", "both",
        "--partitions", "1"); // one partition: not stopped early (MaxRejectedEarlyTest)
    assertEquals(1, run.exitCode());
    assertEquals(List.of("segeval: 1 record was skipped, more than --max-rejected 0; see the reasons above"),
        run.err().lines().toList());
    assertTrue(Files.notExists(tmp.resolve("out")), "no output");
  }

  @Test
  void maxRejectedFailsTheJobWhenMoreAreSkipped() throws IOException {
    writeBadRecords();
    try (LogCapture log = LogCapture.of(Level.WARN, Rejections.class.getName())) {
      CliRun run = evaluate("--on-bad-record", "skip", "--max-rejected", "3",
          "--partitions", "1"); // one partition: not stopped early (MaxRejectedEarlyTest)
      assertEquals(1, run.exitCode());
      assertEquals(List.of("segeval: 12 records were skipped, more than --max-rejected 3; see the reasons above"),
          run.err().lines().toList());
      // the reasons above: one line per class with its count, as the console's report shows them
      String prefix = "WARN " + Rejections.class.getName() + ": ";
      List<String> lines = log.lines();
      assertEquals(25, lines.size(), lines.toString());
      assertEquals(prefix + "skipped 12 bad record(s), by reason:", lines.get(0));
      assertTrue(lines.contains(prefix + "         1  RGB mask: SegEval reads grayscale or palette (indexed) PNG masks;"
          + " save the mask as 8-bit grayscale or palette"), lines.toString());
      assertTrue(lines.contains(prefix + "         1  non-finite prediction # at (row #, col #)"), lines.toString());
      // no OUTPUT/rejected/ is written: the log names the first 10 records by image_id, then the count left
      assertEquals(prefix + "the skipped records (the first 10, by image_id):", lines.get(13));
      assertEquals(prefix + "  image 'dup' (" + uri(pred.resolve("dup.npy"))
          + "): several prediction files share this image_id: dup.npy, dup.png", lines.get(14));
      assertEquals(prefix + "  image 'nan' (" + uri(pred.resolve("nan.npy"))
          + "): non-finite prediction NaN at (row 1, col 1)", lines.get(16));
      assertTrue(lines.get(23).startsWith(prefix + "  image 'transposed' ("), lines.get(23));
      assertEquals(prefix + "  ... and 2 more", lines.get(24));
    }
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  /**
   * Spec §5: with skip the job finishes and reports each bad record under {@code rejected}, also
   * when every record is bad; exit 1 (bad input: nothing was evaluated), not a Dice of 1 and exit 0.
   * (It used to stop before writing anything, naming only the first 10 records in the log.)
   */
  @Test
  void aRunWhoseEveryRecordIsSkippedReportsThemAllAndExits1() throws IOException {
    // mismatched names: no prediction has its target, so nothing is evaluated
    for (String id : new String[] {"good_1", "good_2"}) {
      Files.move(pred.resolve(id + ".npy"), pred.resolve(id + "_pred.npy"));
    }
    Path out = tmp.resolve("out");
    try (LogCapture log = LogCapture.of(Level.WARN, Rejections.class.getName())) {
      CliRun run = evaluate("--on-bad-record", "skip");
      assertEquals(1, run.exitCode(), run.err());
      assertEquals(List.of("segeval: no image was evaluated: 4 records were skipped as bad; each is listed under"
          + " rejected in " + out + "/summary.json"),
          run.err().lines().toList());
      String prefix = "WARN " + Rejections.class.getName() + ": ";
      assertEquals(List.of(prefix + "skipped 4 bad record(s), by reason:",
          prefix + "         2  no prediction file for this target",
          prefix + "         2  no target file for this prediction"), log.lines());
    }
    JsonNode summary = CliRun.summary(out);
    assertEquals(0, summary.get("images").asLong());
    assertEquals(0, summary.get("pixels").asLong());
    assertTrue(summary.get("dataset").get("bce").isNull(), summary.toString());
    assertTrue(summary.get("dataset").get("precision").isNull(), summary.toString());
    JsonNode rejected = summary.get("rejected");
    assertEquals(4, rejected.get("count").asLong());
    List<String> items = new ArrayList<>();
    rejected.get("items").forEach(i -> items.add(i.get("image_id").asText() + ": " + i.get("reason").asText()));
    assertEquals(List.of("good_1: no prediction file for this target", "good_1_pred: no target file for this prediction",
        "good_2: no prediction file for this target", "good_2_pred: no target file for this prediction"), items);
    assertEquals(4, CliRun.jsonLines(out.resolve("rejected"), "image_id").size());
    assertTrue(PerImageOutput.rows(out, "parquet").isEmpty(), "no per-image row");
  }

  /** A local file as SegEval names it: file:/path. */
  private static String uri(Path file) {
    return "file:" + file.toAbsolutePath();
  }

  @Test
  void probabilitiesOutsideTheUnitIntervalAreBadRecords() throws IOException {
    writeNpy("good_1", new float[] {0.2f, 0.9f, 1, 0, 0.5f, 0.7f}, 2, 3);
    writeNpy("good_2", new float[] {0.2f, 0.9f, 1, 0, 0.5f, 0.7f}, 2, 3);
    writeNpy("over", new float[] {0.2f, 1.5f}, 1, 2);
    writePng("over", new byte[] {0, 1}, 1, 2);
    String reason = onlyRejection("probabilities", "over");
    assertTrue(reason.contains("probability 1.5 outside [0, 1] at (row 0, col 1) (use --input logits for raw scores)"),
        reason);
  }

  @Test
  void aBinaryPredictedLabelOtherThan0And1And255IsABadRecord() throws IOException {
    pred = tmp.resolve("labels");
    Files.createDirectories(pred);
    for (String id : new String[] {"good_1", "good_2"}) {
      Files.write(pred.resolve(id + ".png"), PngMask.encodeGray8(2, 3, new byte[] {0, (byte) 255, 1, 0, 0, 1}));
    }
    Files.write(pred.resolve("seven.png"), PngMask.encodeGray8(2, 3, new byte[] {0, 1, 0, 0, 7, 1}));
    writePng("seven", new byte[] {0, 1, 0, 0, 1, 1}, 2, 3);
    String reason = onlyRejection("labels", "seven");
    assertTrue(reason.contains("prediction label 7.0 at (row 1, col 1) is not a binary label (0, 1 or 255)"), reason);
  }

  /** Runs with {@code --input input} and skip: the reason of the one rejected image, which is {@code imageId}. */
  private String onlyRejection(String input, String imageId) {
    CliRun run = evaluate("--input", input, "--on-bad-record", "skip");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode item = CliRun.summary(tmp.resolve("out")).get("rejected").get("items").get(0);
    assertEquals(imageId, item.get("image_id").asText());
    return item.get("reason").asText();
  }

  /** Copies the pred/mask files of one image_id into a folder of its own. */
  private void copyCase(String id, Path dest) throws IOException {
    for (Path side : new Path[] {pred, mask}) {
      Path to = dest.resolve(side.getFileName());
      Files.createDirectories(to);
      try (var files = Files.list(side)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.substring(0, name.lastIndexOf('.')).equals(id)) {
            Files.copy(f, to.resolve(name));
          }
        }
      }
    }
  }

  /** An NPY header declaring an object array, followed by a pickle that must never be read. */
  private static byte[] objectNpy() {
    String header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    StringBuilder h = new StringBuilder(header);
    while ((10 + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) 1).put((byte) 0).putShort((short) h.length());
    b.put(h.toString().getBytes()).put(new byte[] {(byte) 0x80, 4, 'c', 'o', 's', '\n', 0x2e, 0});
    return b.array();
  }

  private static byte[] rgbPng() throws IOException {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** A tiny PNG whose header claims width × height pixels (a few dozen bytes, not 10 GB). */
  static byte[] hugeHeaderPng(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(type.getBytes());
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(type.getBytes());
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
