package io.segeval.jobs.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.LogCapture;
import io.segeval.jobs.output.Elements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probabilities read as logits (the default input) put every pixel on one side of the threshold:
 * said once when the targets hold both classes, so the silent pitfall has a word.
 */
class OneSidedPredictionsWarningTest {
  private static final String LOGGER = BinaryTask.class.getName();

  private static List<String> warningsFor(InputKind input, long tp, long fp, long fn, long tn) {
    return warningsFor(input, Elements.PIXELS, tp, fp, fn, tn);
  }

  private static List<String> warningsFor(InputKind input, Elements elements, long tp, long fp, long fn, long tn) {
    long n = tp + fp + fn + tn;
    BinaryCounts counts = BinaryCounts.of(BinaryParams.DEFAULTS, n, 0, 0, 0, 0, 0, 0, tp, fp, fn, tn);
    return LogCapture.warningsOf(LOGGER, () -> BinaryTask.warnIfEveryPixelIsOnOneSide(input, counts, elements));
  }

  @Test
  void aDatasetOfVolumesSaysVoxels() {
    assertEquals(List.of("WARN " + LOGGER + ": every one of the 288 voxels is predicted positive (tp = 100, fp = 188,"
        + " fn = 0, tn = 0): if the predictions are probabilities (or 0/1 masks) rather than logits, give --input"
        + " probabilities (or --input labels)"), warningsFor(InputKind.LOGITS, Elements.VOXELS, 100, 188, 0, 0));
  }

  @Test
  void everyPixelPositiveOrNegativeWithBothClassesInTheTargetsIsSaid() {
    assertEquals(List.of("WARN " + LOGGER + ": every one of the 100 pixels is predicted positive (tp = 30, fp = 70,"
        + " fn = 0, tn = 0): if the predictions are probabilities (or 0/1 masks) rather than logits, give --input"
        + " probabilities (or --input labels)"), warningsFor(InputKind.LOGITS, 30, 70, 0, 0));
    // --threshold 0.9 puts the logit threshold at 2.2, above every probability
    assertEquals(List.of("WARN " + LOGGER + ": every one of the 100 pixels is predicted negative (tp = 0, fp = 0,"
        + " fn = 30, tn = 70): if the predictions are probabilities (or 0/1 masks) rather than logits, give --input"
        + " probabilities (or --input labels)"), warningsFor(InputKind.LOGITS, 0, 0, 30, 70));
  }

  /**
   * A grouped run (one checkpoint per folder) whose middle checkpoint was saved as probabilities:
   * the dataset's pixels are on both sides, so the warning names the group.
   */
  @Test
  void aGroupOnOneSideIsNamed(@TempDir Path tmp) throws IOException {
    Random r = new Random(7);
    for (String ckpt : List.of("ckpt_10", "ckpt_20", "ckpt_30")) {
      Path pred = Files.createDirectories(tmp.resolve("pred").resolve(ckpt));
      Path mask = Files.createDirectories(tmp.resolve("mask").resolve(ckpt));
      for (int i = 0; i < 2; i++) {
        float[] x = new float[64];
        byte[] t = new byte[64];
        for (int j = 0; j < x.length; j++) {
          t[j] = (byte) (j % 3 == 0 ? 1 : 0);
          double logit = (2 * t[j] - 1) * 2 + r.nextGaussian();
          x[j] = (float) (ckpt.equals("ckpt_20") ? 1 / (1 + Math.exp(-logit)) : logit);
        }
        Files.write(pred.resolve("img" + i + ".npy"), NpyWriter.encodeFloat32(new int[] {8, 8}, x));
        Files.write(mask.resolve("img" + i + ".npy"), NpyTestWriter.encodeUint8(new int[] {8, 8}, t));
      }
    }
    try (LogCapture log = LogCapture.of(Level.WARN, LOGGER)) {
      CliRun run = CliRun.of("evaluate", "--pred", tmp.resolve("pred").toString(), "--target",
          tmp.resolve("mask").toString(), "--output", tmp.resolve("out").toString(), "--group-by", "image_dir");
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(List.of("WARN " + LOGGER + ": in 1 of 3 groups (image_dir=ckpt_20) every pixel is predicted on one"
          + " side of the threshold while the targets hold both classes: if those predictions are probabilities (or"
          + " 0/1 masks) rather than logits, evaluate them with --input probabilities (or --input labels)"),
          List.copyOf(log.lines()));
    }
  }

  @Test
  void mixedPredictionsOneClassTargetsAndOtherInputsAreNotSaid() {
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 25, 5, 5, 65));
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 100, 0, 0, 0)); // all foreground, all found
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 0, 0, 0, 100)); // nothing to find, nothing found
    assertEquals(List.of(), warningsFor(InputKind.PROBABILITIES, 30, 70, 0, 0));
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 0, 0, 0, 0));
  }
}
