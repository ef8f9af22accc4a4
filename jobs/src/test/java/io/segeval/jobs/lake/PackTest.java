package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.CliRun;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segeval pack} checks every pair in both layouts, bytes (the default) and arrays: an
 * undecodable file or shapes that differ stop the pack with one line naming the image, the file
 * and the reason, and no table is written.
 */
class PackTest {
  @TempDir Path tmp;
  private Path pred;
  private Path mask;
  private Path table;

  @BeforeEach
  void folders() throws IOException {
    pred = Files.createDirectories(tmp.resolve("pred"));
    mask = Files.createDirectories(tmp.resolve("mask"));
    table = tmp.resolve("table");
  }

  /** Images a, b, c: (H, W) float32 logits and their 8-bit PNG masks. */
  private void writeBinaryPairs(int h, int w) throws IOException {
    for (String id : List.of("a", "b", "c")) {
      Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {h, w}, new float[h * w]));
      Files.write(mask.resolve(id + ".png"), PngMask.encodeGray8(h, w, new byte[h * w]));
    }
  }

  private String[] packArgs(String... more) {
    return CliRun.concat(new String[] {"pack", "--pred", pred.toString(), "--target", mask.toString(),
        "--output", table.toString()}, more);
  }

  private CliRun pack(String... more) {
    return CliRun.of(packArgs(more));
  }

  /** Exit 1, a first line naming the image, the file and the reason, no stack trace. */
  private static void assertRefused(CliRun run, String image, Path file, String reason) {
    assertEquals(1, run.exitCode(), run.err() + run.out());
    String firstLine = run.err().lines().findFirst().orElse("");
    assertTrue(firstLine.startsWith("segeval: image '" + image + "' ("), run.err());
    assertTrue(firstLine.contains(file.getFileName().toString() + "): " + reason), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
    assertFalse(run.out().contains("packed"), run.out());
  }

  /**
   * The same refusal from both layouts, and no table left behind (at most a hidden staging folder,
   * when a task still wrote while the job was aborted: the next pack removes it).
   */
  private void assertBothLayoutsRefuse(String image, Path file, String reason) throws IOException {
    for (String[] layout : List.of(new String[0], new String[] {"--as-arrays"})) {
      assertRefused(pack(layout), image, file, reason);
      try (Stream<Path> left = Files.list(tmp)) {
        // nor its hidden staging folder: the failure is Spark's job failure (a checked SparkException)
        assertEquals(List.of("mask", "pred"), left.map(p -> p.getFileName().toString()).sorted().toList(),
            "a failed pack leaves no table");
      }
    }
  }

  /**
   * Folders whose names never pair stop the pack as they stop evaluate (PairProblems): the first
   * pair named, the others counted, and that the names differ (was: the first pair alone).
   */
  @Test
  void namesThatNeverPairStopThePackSayingSo() throws IOException {
    writeBinaryPairs(2, 3);
    for (String id : List.of("a", "b", "c")) {
      Files.move(mask.resolve(id + ".png"), mask.resolve(id + "_mask.png"));
    }
    CliRun run = pack();
    assertRefused(run, "a", mask.resolve("a.npy"), "no target file for this prediction; no image_id has both files"
        + " (3 no target file for this prediction, 3 no prediction file for this target): the names under --pred"
        + " and --target do not match");
    assertTrue(Files.notExists(table));
  }

  @Test
  void shapesThatDifferStopThePack() throws IOException {
    writeBinaryPairs(32, 32);
    Files.write(pred.resolve("b.npy"), NpyWriter.encodeFloat32(new int[] {64, 64}, new float[64 * 64]));
    assertBothLayoutsRefuse("b", pred.resolve("b.npy"), "shapes differ: prediction 64x64, target 32x32");
  }

  @Test
  void aTruncatedNpyStopsThePack() throws IOException {
    writeBinaryPairs(8, 8);
    byte[] npy = Files.readAllBytes(pred.resolve("c.npy"));
    Files.write(pred.resolve("c.npy"), Arrays.copyOf(npy, npy.length - 40));
    assertBothLayoutsRefuse("c", pred.resolve("c.npy"), "truncated");
  }

  @Test
  void aCorruptPngStopsThePack() throws IOException {
    writeBinaryPairs(8, 8);
    byte[] png = Files.readAllBytes(mask.resolve("a.png"));
    png[33 + 8 + 2] ^= 0x5a; // a byte of the first IDAT chunk's data: its CRC no longer matches
    Files.write(mask.resolve("a.png"), png);
    assertBothLayoutsRefuse("a", mask.resolve("a.png"), "corrupt PNG");
  }

  @Test
  void multiclassScoresMustCoverTheTargetsHeightAndWidth() throws IOException {
    writeBinaryPairs(4, 6);
    for (String id : List.of("a", "b", "c")) {
      Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {3, 4, 6}, new float[72]));
    }
    Files.write(pred.resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {3, 6, 4}, new float[72]));
    assertBothLayoutsRefuse("a", pred.resolve("a.npy"), "shapes differ: prediction 3x6x4, target 4x6");
  }

  @Test
  void aTargetOfSeveralMapsStopsThePack() throws IOException {
    writeBinaryPairs(4, 6);
    Files.delete(mask.resolve("c.png"));
    Files.write(mask.resolve("c.npy"), NpyTestWriter.encodeUint8(new int[] {2, 4, 6}, new byte[48]));
    assertBothLayoutsRefuse("c", mask.resolve("c.npy"), "expected a (H, W) target, got shape 2x4x6");
  }

  @Test
  void setKeysThatWouldWriteOneColumnTwiceAreRefused() throws IOException {
    writeBinaryPairs(4, 4);
    String[][] cases = {
        {"model=a", "model=b", "--set model is given twice (model=a, model=b); give each column once"},
        {"Model=a", "model=b",
            "--set Model and --set model are the same column (Spark's column names ignore case); give each column once"},
        {"split=val", "IMAGE_ID=x", "--set IMAGE_ID: that column is written by pack"},
        {"split=val", "a-b=x", "--set: 'a-b' is not a column name (letters, digits, _)"},
        {"split=val", "model", "--set model: expected KEY=VALUE, e.g. --set model=unet-v3"},
    };
    for (String[] c : cases) {
      CliRun run = pack("--set", c[0], "--set", c[1]);
      assertEquals(2, run.exitCode(), run.err());
      assertEquals(List.of("segeval: " + c[2]), run.err().lines().toList());
      assertFalse(Files.exists(table), "no table");
    }
    CliRun run = pack("--set", "model=a", "--set", "Split=b=c");
    assertEquals(0, run.exitCode(), run.err());
    Row row = TestSpark.get().read().parquet(table.toString()).select("model", "Split").first();
    assertEquals(List.of("a", "b=c"), List.of(row.getString(0), row.getString(1)));
  }

  @Test
  void aTableThatIsOrHoldsAnInputFolderIsRefused() throws IOException {
    writeBinaryPairs(8, 8);
    CliRun run = CliRun.of("pack", "--pred", pred.toString(), "--target", mask.toString(),
        "--output", tmp.toString(), "--overwrite");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("segeval: --output " + tmp + " contains --pred " + pred
        + "; choose an output folder apart from the inputs"), run.err());
    assertTrue(Files.exists(pred.resolve("a.npy")) && Files.exists(mask.resolve("a.png")), "the inputs stay");
  }

  @Test
  void aFailedOverwriteKeepsTheOldTable() throws IOException {
    writeBinaryPairs(8, 8);
    expect(0, packArgs());
    Files.write(mask.resolve("b.png"), PngMask.encodeGray8(8, 9, new byte[72]));
    assertRefused(pack("--overwrite"), "b", pred.resolve("b.npy"), "shapes differ: prediction 8x8, target 8x9");
    assertEquals(3, TestSpark.get().read().parquet(table.toString()).count());
  }

  @Test
  void checkedPairsAreStoredAsTheFilesBytes() throws IOException {
    writeBinaryPairs(4, 6);
    for (String id : List.of("a", "b", "c")) {
      Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {3, 4, 6}, new float[72]));
    }
    Files.delete(mask.resolve("b.png"));
    Files.write(mask.resolve("b.npy"), NpyTestWriter.encodeUint8(new int[] {1, 4, 6}, new byte[24])); // (1, H, W) is (H, W)
    expect(0, packArgs());
    List<Row> rows = TestSpark.get().read().parquet(table.toString()).orderBy("image_id").collectAsList();
    assertEquals(3, rows.size());
    for (Row r : rows) {
      String id = r.getString(0);
      Path target = Files.exists(mask.resolve(id + ".png")) ? mask.resolve(id + ".png") : mask.resolve(id + ".npy");
      assertArrayEquals(Files.readAllBytes(pred.resolve(id + ".npy")), (byte[]) r.getAs("pred"), id);
      assertArrayEquals(Files.readAllBytes(target), (byte[]) r.getAs("target"), id);
    }
  }

  @Test
  void aMapSavedChannelLastIsOneChannelAndChannelsLastScoresAreStoredChannelsFirst() throws IOException {
    writeBinaryPairs(4, 6);
    float[] logits = new float[24];
    for (int j = 0; j < logits.length; j++) {
      logits[j] = j - 11.5f;
    }
    Files.write(pred.resolve("b.npy"), NpyWriter.encodeFloat32(new int[] {4, 6, 1}, logits)); // (H, W, 1), Keras style
    float[] last = new float[72]; // (H, W, C = 3): value 100·c + j at pixel j, channel c
    for (int j = 0; j < 24; j++) {
      for (int c = 0; c < 3; c++) {
        last[j * 3 + c] = 100 * c + j;
      }
    }
    Files.write(pred.resolve("c.npy"), NpyWriter.encodeFloat32(new int[] {4, 6, 3}, last));
    expect(0, packArgs("--as-arrays"));
    List<Row> rows = TestSpark.get().read().parquet(table.toString()).orderBy("image_id").collectAsList();
    Row b = rows.get(1);
    assertEquals(List.of(4, 6, 1), List.of(b.getAs("height"), b.getAs("width"), b.getAs("channels")));
    assertEquals(-11.5, b.<scala.collection.Seq<Double>>getAs("pred").apply(0));
    Row c = rows.get(2);
    assertEquals(List.of(4, 6, 3), List.of(c.getAs("height"), c.getAs("width"), c.getAs("channels")));
    scala.collection.Seq<Double> scores = c.getAs("pred");
    assertEquals(List.of(0.0, 23.0, 100.0, 223.0), List.of(scores.apply(0), scores.apply(23), scores.apply(24),
        scores.apply(71)), "channel-major: channel 0's 24 pixels, then channel 1's, ...");
  }
}
