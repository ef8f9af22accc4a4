package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.jobs.CliRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --max-pixels limits values (H×W for a mask, C×H×W for a score array, D·H·W or C·D·H·W for a volume), and says so. */
class MaxPixelsTest {
  private static final String LIMITS = "H×W for a mask, C×H×W for a score array";

  @TempDir Path tmp;

  @Test
  void aTableCellOfMoreValuesIsRefusedNamingWhatIsLimited() {
    ImagePair pair = new ImagePair();
    pair.setImageId("a");
    pair.setRowSource("file:/lake/t/part-0.parquet");
    pair.setPredPath("pred of row a");
    pair.setPredValues(new double[2 * 2 * 3]); // (C, H, W) = (3, 2, 2): 12 values, 4 pixels
    pair.setHeight(2);
    pair.setWidth(2);
    ImageDecoder decoder = new ImageSource(null, 10, null).open();
    ImageRecordException e = assertThrows(ImageRecordException.class, () -> decoder.pred(pair, null));
    assertEquals("the array holds 12 values, more than --max-pixels 10 (it limits values: " + LIMITS + ")", e.reason());
  }

  @Test
  void theHelpSaysWhatIsLimited() {
    for (String command : new String[] {"evaluate", "pack"}) {
      CliRun help = CliRun.of(command, "--help");
      assertTrue(help.out().replaceAll("\\s+", " ").contains("more than N values (" + LIMITS + ", D·H·W or C·D·H·W for a volume), from its header"),
          help.out());
    }
  }

  /**
   * A multiclass target over --max-pixels is refused naming the limit of its C×H×W scores too,
   * which are checked only once the target is read: one retry with it evaluates the pair.
   */
  @Test
  void aMulticlassTargetOverTheLimitNamesTheLimitOfItsScoresAndOneRetryIsEnough() throws IOException {
    Path pred = Files.createDirectories(tmp.resolve("pred"));
    Path mask = Files.createDirectories(tmp.resolve("mask"));
    float[] scores = new float[3 * 4 * 5];
    byte[] ids = new byte[4 * 5];
    for (int j = 0; j < ids.length; j++) {
      ids[j] = (byte) (j % 3);
      scores[(j % 3) * ids.length + j] = 2.5f; // class j % 3 scored highest
    }
    Files.write(pred.resolve("tile.npy"), NpyWriter.encodeFloat32(new int[] {3, 4, 5}, scores));
    Files.write(mask.resolve("tile.npy"), NpyTestWriter.encodeUint8(new int[] {4, 5}, ids));
    CliRun refused = evaluateMulticlass(pred, mask, "10");
    assertEquals(1, refused.exitCode(), refused.err());
    assertTrue(refused.err().lines().findFirst().orElse("").endsWith("tile.npy): header claims 4x5 = 20 values, more"
        + " than --max-pixels 10 (it limits values: " + LIMITS + "); the prediction's 3 score maps over it hold 60"
        + " values: pass --max-pixels 60 to read both"), refused.err());
    CliRun retried = evaluateMulticlass(pred, mask, "60");
    assertEquals(0, retried.exitCode(), retried.err());
    assertEquals(20, CliRun.summary(tmp.resolve("out-60")).get("pixels").asLong());
  }

  private CliRun evaluateMulticlass(Path pred, Path mask, String maxPixels) {
    return CliRun.of("evaluate", "--task", "multiclass", "--num-classes", "3", "--pred", pred.toString(), "--target",
        mask.toString(), "--max-pixels", maxPixels, "--output", tmp.resolve("out-" + maxPixels).toString());
  }

  @Test
  void scoresThatNoLimitReadsAreSaidToNeedTiles() throws IOException {
    // 40000x40000 class ids fit a Java array; 3 score maps of them, 4.8e9 values, do not
    Path target = tmp.resolve("tile_mask.npy");
    Files.write(target, headerOnlyNpy("|u1", "(40000, 40000)"));
    ImageRecordException e = assertThrows(ImageRecordException.class,
        () -> decoder(50_000_000).target(filePair(target, tmp.resolve("absent.npy"), 100), null, 3));
    assertEquals("header claims 40000x40000 = 1600000000 values, more than --max-pixels 50000000 (it limits values: "
        + LIMITS + "); the prediction's 3 score maps over it hold 4800000000 values, more than the 2147483639 one"
        + " Java array holds, which no --max-pixels reads: split the image into tiles", e.reason());
  }

  @Test
  void aPredictionFileOver2GiBIsSaidWithTheTargetsRefusal() throws IOException {
    Path target = tmp.resolve("mask.npy");
    Files.write(target, NpyTestWriter.encodeUint8(new int[] {4, 5}, new byte[20]));
    Path pred = tmp.resolve("pred.npy");
    long size = 3_000_000_128L; // sparse: no block is written
    try (RandomAccessFile f = new RandomAccessFile(pred.toFile(), "rw")) {
      f.setLength(size);
    }
    ImageRecordException e = assertThrows(ImageRecordException.class,
        () -> decoder(10).target(filePair(target, pred, Files.size(pred)), null, 3));
    assertEquals("header claims 4x5 = 20 values, more than --max-pixels 10 (it limits values: " + LIMITS + "); the"
        + " prediction's file, of 3,000,000,128 bytes, is more than the 2 GiB SegEval reads into memory at once"
        + " whatever --max-pixels says: split the image into tiles", e.reason());
  }

  @Test
  void aTargetArrayCellNamesTheLimitOfItsScoresTooAndABinaryOneDoesNot() {
    ImagePair pair = new ImagePair();
    pair.setImageId("a");
    pair.setRowSource("file:/lake/t/part-0.parquet");
    pair.setTargetPath("target of row a");
    pair.setTargetValues(new double[2 * 3]);
    pair.setHeight(2);
    pair.setWidth(3);
    ImageDecoder decoder = new ImageSource(null, 5, null).open();
    String refusal = "the array holds 6 values, more than --max-pixels 5 (it limits values: " + LIMITS + ")";
    assertEquals(refusal + "; the prediction's 4 score maps over it hold 24 values: pass --max-pixels 24 to read both",
        assertThrows(ImageRecordException.class, () -> decoder.target(pair, null, 4)).reason());
    assertEquals(refusal, assertThrows(ImageRecordException.class, () -> decoder.target(pair, null)).reason());
  }

  private static ImageDecoder decoder(long maxPixels) {
    return ImageSource.files(new HadoopConf(new Configuration()), maxPixels).open();
  }

  private static ImagePair filePair(Path target, Path pred, long predLength) throws IOException {
    ImagePair pair = new ImagePair();
    pair.setImageId("tile");
    pair.setTargetPath(target.toUri().toString());
    pair.setTargetLength(Files.size(target));
    pair.setPredPath(pred.toUri().toString());
    pair.setPredLength(predLength);
    return pair;
  }

  /** An NPY version 1.0 header claiming {@code shape}, without its data: refused from the header, never read further. */
  private static byte[] headerOnlyNpy(String descr, String shape) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int headerLength = dict.length() + 1 + (64 - (10 + dict.length() + 1) % 64) % 64;
    byte[] out = new byte[10 + headerLength];
    byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) headerLength, (byte) (headerLength >> 8)};
    System.arraycopy(magic, 0, out, 0, magic.length);
    byte[] text = (dict + " ".repeat(headerLength - dict.length() - 1) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(text, 0, out, 10, text.length);
    return out;
  }
}
