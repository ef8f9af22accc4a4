package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image with no pixels (an NPY of shape (0, 5) or (C, 0, W), a table row of height or width 0)
 * is a bad record in every route of the job, binary and multiclass, files and tables (arrays and
 * bytes), and pack refuses to put one in a table: it fails the run by default and is skipped and
 * listed under {@code --on-bad-record skip}, never evaluated as an image of 0 pixels (which scored 1
 * in per-image Dice and IoU and counted in the per-image means). A PNG cannot have 0 pixels: its
 * header is refused as corrupt.
 *
 * <p>Binary: {@code zero} is a (0, 5) float32 pair, {@code one} a 1×2 image with logits (2, −1)
 * and targets (1, 0). Multiclass (C = 3): {@code e0w} scores (3, 0, 2) with a (0, 2) target,
 * {@code ok} 1×2 with logits (2, 0, 0) for target 0 and (0, 0, 1) for target 2.
 */
class ImagesWithNoPixelsTest {
  @TempDir static Path tmp;
  private static Path binary;
  private static Path multiclass;

  /** one alone: bce = mean of log1p(exp(−2)) and log1p(exp(−1)); 1 tp, 1 tn. */
  private static final double ONE_BCE = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
  /** ok alone: ce = mean of log(e² + 2) − 2 and log(2 + e) − 1. */
  private static final double OK_CE = ((Math.log(Math.exp(2) + 2) - 2) + (Math.log(2 + Math.E) - 1)) / 2;

  @BeforeAll
  static void data() throws IOException {
    binary = tmp.resolve("binary");
    write(binary, "pred", "zero.npy", NpyWriter.encodeFloat32(new int[] {0, 5}, new float[0]));
    write(binary, "mask", "zero.npy", NpyWriter.encodeFloat32(new int[] {0, 5}, new float[0]));
    write(binary, "pred", "one.npy", NpyWriter.encodeFloat32(new int[] {1, 2}, new float[] {2f, -1f}));
    write(binary, "mask", "one.npy", NpyWriter.encodeFloat32(new int[] {1, 2}, new float[] {1f, 0f}));
    multiclass = tmp.resolve("multiclass");
    write(multiclass, "pred", "e0w.npy", NpyWriter.encodeFloat32(new int[] {3, 0, 2}, new float[0]));
    write(multiclass, "mask", "e0w.npy", NpyTestWriter.encodeUint8(new int[] {0, 2}, new byte[0]));
    write(multiclass, "pred", "ok.npy", NpyWriter.encodeFloat32(new int[] {3, 1, 2}, new float[] {2, 0, 0, 0, 0, 1}));
    write(multiclass, "mask", "ok.npy", NpyTestWriter.encodeUint8(new int[] {1, 2}, new byte[] {0, 2}));
  }

  private static void write(Path dir, String side, String name, byte[] bytes) throws IOException {
    Files.createDirectories(dir.resolve(side));
    Files.write(dir.resolve(side).resolve(name), bytes);
  }

  private static String[] folders(Path data, Path output, String... more) {
    return evaluate(output, CliRun.concat(new String[] {"--pred", data.resolve("pred").toString(), "--target",
        data.resolve("mask").toString()}, more));
  }

  private static String[] table(Path table, Path output, String... more) {
    return evaluate(output, CliRun.concat(new String[] {"--table", table.toString()}, more));
  }

  private static String[] evaluate(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate", "--output", output.toString(), "--per-image-format", "json"}, more);
  }

  private static final String[] MULTICLASS = {"--task", "multiclass", "--num-classes", "3"};

  /** A failed run: exit 1, one line naming the image, the file and the reason, no summary. */
  private static void assertFails(String[] args, String image, String fileAndReason) {
    CliRun run = CliRun.of(args);
    assertEquals(1, run.exitCode(), run.err());
    String line = run.err().lines().findFirst().orElse("");
    assertTrue(line.startsWith("segeval: image '" + image + "' ("), run.err());
    assertTrue(line.endsWith(fileAndReason), line);
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
  }

  /** A run under skip that must succeed with the one rejected record; returns its summary. */
  private static JsonNode skipped(String[] args, String image, String reason) {
    CliRun run = CliRun.of(CliRun.concat(args, "--on-bad-record", "skip"));
    assertEquals(0, run.exitCode(), run.err());
    Path output = Path.of(args[2]); // evaluate --output OUTPUT ...
    JsonNode s = CliRun.summary(output);
    JsonNode rejected = s.get("rejected");
    assertEquals(1, rejected.get("count").asLong(), rejected.toString());
    assertEquals(image, rejected.get("items").get(0).get("image_id").asText());
    assertEquals(reason, rejected.get("items").get(0).get("reason").asText());
    assertEquals(1, s.get("images").asLong());
    assertEquals(2, s.get("pixels").asLong());
    Map<String, JsonNode> rows = CliRun.jsonLines(output.resolve("per_image"), "image_id");
    assertEquals(List.of(image.equals("zero") ? "one" : "ok"), List.copyOf(rows.keySet()), "per_image/");
    return s;
  }

  /** The binary summary of {@code one} alone: the empty image adds nothing, not even to the means. */
  private static void assertOneAlone(JsonNode s) {
    JsonNode d = s.get("dataset");
    assertEquals(ONE_BCE, d.get("bce").asDouble(), 1e-15);
    assertEquals(List.of(1L, 0L, 0L, 1L), List.of(d.get("tp").asLong(), d.get("fp").asLong(), d.get("fn").asLong(),
        d.get("tn").asLong()));
    // one image: the per-image mean of Dice is its Dice, not averaged with an empty image's 1
    assertEquals(d.get("dice").asDouble(), s.get("per_image_mean").get("dice").asDouble(), 1e-15);
    assertTrue(d.get("dice").asDouble() < 0.9, d.toString());
  }

  private static void assertOkAlone(JsonNode s) {
    assertEquals(OK_CE, s.get("dataset").get("ce").asDouble(), 1e-15);
    assertEquals(1.0, s.get("dataset").get("aacc").asDouble());
  }

  @Test
  void binaryFilesFailOrSkipTheEmptyImage() {
    String reason = "prediction has no pixels (shape (0, 5))";
    assertFails(folders(binary, tmp.resolve("bin-fail")), "zero", "zero.npy): " + reason);
    JsonNode s = skipped(folders(binary, tmp.resolve("bin-skip")), "zero", reason);
    assertOneAlone(s);
    assertEquals("prediction has no pixels (shape #)", s.get("rejected").get("by_reason").fieldNames().next());
  }

  @Test
  void multiclassFilesFailOrSkipTheEmptyImage() {
    // the multiclass reader decodes the target first
    String reason = "target has no pixels (shape (0, 2))";
    assertFails(folders(multiclass, tmp.resolve("mc-fail"), MULTICLASS), "e0w", "e0w.npy): " + reason);
    assertOkAlone(skipped(folders(multiclass, tmp.resolve("mc-skip"), MULTICLASS), "e0w", reason));
  }

  @Test
  void tableRowsOfHeightOrWidth0AreBadRecords() {
    Path binaryArrays = arraysTable("bin-arrays", List.of(
        RowFactory.create("zero", new double[0], new int[0], 0, 5, 1),
        RowFactory.create("one", new double[] {2, -1}, new int[] {1, 0}, 1, 2, 1)));
    String reason = "prediction has no pixels (height 0, width 5)";
    assertFails(table(binaryArrays, tmp.resolve("bin-arrays-fail")), "zero", reason);
    assertOneAlone(skipped(table(binaryArrays, tmp.resolve("bin-arrays-skip")), "zero", reason));

    Path multiclassArrays = arraysTable("mc-arrays", List.of(
        RowFactory.create("e0w", new double[0], new int[0], 2, 0, 3),
        RowFactory.create("ok", new double[] {2, 0, 0, 0, 0, 1}, new int[] {0, 2}, 1, 2, 3)));
    assertOkAlone(skipped(table(multiclassArrays, tmp.resolve("mc-arrays-skip"), MULTICLASS), "e0w",
        "target has no pixels (height 2, width 0)"));
  }

  @Test
  void aBytesTableRowOfAnEmptyNpyIsABadRecord() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String id : new String[] {"zero", "one"}) {
      rows.add(RowFactory.create(id, Files.readAllBytes(binary.resolve("pred").resolve(id + ".npy")),
          Files.readAllBytes(binary.resolve("mask").resolve(id + ".npy"))));
    }
    Path table = tmp.resolve("bin-bytes");
    TestSpark.get().createDataFrame(rows, new StructType().add("image_id", DataTypes.StringType)
        .add("pred", DataTypes.BinaryType).add("target", DataTypes.BinaryType)).write().parquet(table.toString());
    assertOneAlone(skipped(table(table, tmp.resolve("bin-bytes-skip")), "zero", "prediction has no pixels (shape (0, 5))"));
  }

  /** A table of arrays (image_id, pred, target, height, width, channels) as pack --as-arrays writes. */
  private static Path arraysTable(String name, List<Row> rows) {
    Path table = tmp.resolve(name);
    TestSpark.get().createDataFrame(rows, new StructType().add("image_id", DataTypes.StringType)
        .add("pred", DataTypes.createArrayType(DataTypes.DoubleType, false))
        .add("target", DataTypes.createArrayType(DataTypes.IntegerType, false))
        .add("height", DataTypes.IntegerType).add("width", DataTypes.IntegerType)
        .add("channels", DataTypes.IntegerType)).write().parquet(table.toString());
    return table;
  }

  @Test
  void packRefusesAnEmptyImageAsEvaluateDoes() {
    for (String[] layout : List.of(new String[0], new String[] {"--as-arrays"})) {
      assertFails(CliRun.concat(new String[] {"pack", "--pred", binary.resolve("pred").toString(), "--target",
          binary.resolve("mask").toString(), "--output", tmp.resolve("packed" + layout.length).toString()}, layout),
          "zero", "zero.npy): prediction has no pixels (shape (0, 5))");
      assertFalse(Files.exists(tmp.resolve("packed" + layout.length)), "a failed pack leaves no table");
    }
  }

  /** A PNG of width 0 (its IHDR patched) cannot be decoded: the header is refused as corrupt. */
  @Test
  void aPngOfWidth0IsRefusedAsCorrupt() throws IOException {
    Path data = tmp.resolve("png");
    byte[] flat = PngMask.encodeGray8(1, 2, new byte[] {0, 1});
    flat[16] = flat[17] = flat[18] = flat[19] = 0; // IHDR width, big-endian
    write(data, "pred", "flat.png", flat);
    write(data, "mask", "flat.png", PngMask.encodeGray8(1, 2, new byte[] {0, 1}));
    write(data, "pred", "one.png", PngMask.encodeGray8(1, 2, new byte[] {1, 0}));
    write(data, "mask", "one.png", PngMask.encodeGray8(1, 2, new byte[] {1, 1}));
    CliRun run = CliRun.of(CliRun.concat(folders(data, tmp.resolve("png-skip")), "--on-bad-record", "skip"));
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = CliRun.summary(tmp.resolve("png-skip"));
    assertEquals(1, s.get("rejected").get("count").asLong());
    assertEquals("corrupt PNG: IHDR gives width 0 and height 1", s.get("rejected").get("items").get(0).get("reason")
        .asText());
    assertEquals(1, s.get("images").asLong());
  }
}
