package io.segeval.jobs.multiclass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.core.multiclass.MulticlassParams;
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
 * Multiclass probabilities (softmax applied) evaluated with the default {@code --input logits} are
 * softmaxed again: the confusion matrix stands, the score metrics do not. When every image looks
 * like probabilities, the run says so once.
 */
class ProbabilitiesReadAsLogitsWarningTest {
  private static final String LOGGER = MulticlassTask.class.getName();
  private static final int C = 5;
  private static final int H = 6;
  private static final int W = 7;

  @TempDir Path tmp;

  private static List<String> warningsFor(long images, long probabilityLikeImages) {
    return LogCapture.warningsOf(LOGGER,
        () -> MulticlassTask.warnIfEveryImageLooksLikeProbabilities(images, probabilityLikeImages, Elements.PIXELS));
  }

  private static String warning(long images) {
    return "WARN " + LOGGER + ": " + (images == 1 ? "the one image evaluated" : "every one of the " + images
        + " images evaluated") + " looks like probabilities (in its"
        + " first 1024 pixels every channel is in [0, 1] and the channels sum to 1) but is read as logits, so softmax"
        + " is applied twice: ce, soft_dice_loss, lovasz_softmax_loss are wrong (the confusion matrix is not); if the"
        + " predictions are probabilities, give --input probabilities";
  }

  @Test
  void onlyEveryImageOfAtLeastOneIsSaid() {
    assertEquals(List.of(warning(3)), warningsFor(3, 3));
    assertEquals(List.of("WARN " + LOGGER + ": the one image evaluated looks like probabilities (in its first 1024"
        + " pixels every channel is in [0, 1] and the channels sum to 1) but is read as logits, so softmax is applied"
        + " twice: ce, soft_dice_loss, lovasz_softmax_loss are wrong (the confusion matrix is not); if the predictions"
        + " are probabilities, give --input probabilities"), warningsFor(1, 1));
    assertEquals(List.of(), warningsFor(3, 2));
    assertEquals(List.of(), warningsFor(0, 0));
  }

  @Test
  void theCountIsMergedAndKeptInThePartitionStateBytes() {
    MulticlassEvaluation a = new MulticlassEvaluation(MulticlassParams.of(C));
    a.addProbabilityLikeImage();
    a.addProbabilityLikeImage();
    MulticlassEvaluation b = new MulticlassEvaluation(MulticlassParams.of(C));
    b.addProbabilityLikeImage();
    assertEquals(2, MulticlassEvaluation.fromBytes(a.toBytes()).probabilityLikeImages());
    assertEquals(3, a.merge(MulticlassEvaluation.fromBytes(b.toBytes())).probabilityLikeImages());
  }

  /** Seeded (C, H, W) float32 scores: gaussian logits, or their softmax over the channels. */
  private static float[] scores(int seed, boolean softmax) {
    Random r = new Random(seed);
    int n = H * W;
    double[] x = new double[C * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = r.nextGaussian() * 3;
    }
    float[] out = new float[x.length];
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int c = 0; c < C; c++) {
        sum += Math.exp(x[c * n + j]);
      }
      for (int c = 0; c < C; c++) {
        out[c * n + j] = (float) (softmax ? Math.exp(x[c * n + j]) / sum : x[c * n + j]);
      }
    }
    return out;
  }

  /** Three images whose predictions are probabilities, except {@code logitsImage} (−1: none). */
  private void writeDataset(Path pred, Path mask, int logitsImage) throws IOException {
    Files.createDirectories(pred);
    Files.createDirectories(mask);
    Random r = new Random(42);
    for (int i = 0; i < 3; i++) {
      Files.write(pred.resolve("img" + i + ".npy"), NpyWriter.encodeFloat32(new int[] {C, H, W}, scores(i, i != logitsImage)));
      byte[] target = new byte[H * W];
      for (int j = 0; j < target.length; j++) {
        target[j] = (byte) r.nextInt(C);
      }
      Files.write(mask.resolve("img" + i + ".npy"), NpyTestWriter.encodeUint8(new int[] {H, W}, target));
    }
  }

  private List<String> runWarnings(Path pred, Path mask, String name, String... options) {
    try (LogCapture log = LogCapture.of(Level.WARN, LOGGER)) {
      JsonNode s = JobRuns.summary(JobRuns.evaluate(pred, mask, tmp.resolve(name), options));
      assertEquals(3, s.get("images").asLong());
      return List.copyOf(log.lines());
    }
  }

  @Test
  void probabilityFilesWithTheDefaultInputAreSaidOnceAndNotWithInputProbabilities() throws IOException {
    Path pred = tmp.resolve("pred");
    Path mask = tmp.resolve("mask");
    writeDataset(pred, mask, -1);
    assertEquals(List.of(warning(3)), runWarnings(pred, mask, "default"));
    assertEquals(List.of(), runWarnings(pred, mask, "probabilities", "--input", "probabilities"));
  }

  /**
   * A grouped run (one checkpoint per folder) where one group's predictions are probabilities: the
   * dataset as a whole is not all probabilities, so the warning names that group.
   */
  @Test
  void aGroupOfProbabilitiesIsNamed() throws IOException {
    Path pred = tmp.resolve("pred");
    Path mask = tmp.resolve("mask");
    writeDataset(pred.resolve("ckpt_a"), mask.resolve("ckpt_a"), 1);
    writeDataset(pred.resolve("ckpt_b"), mask.resolve("ckpt_b"), -1);
    writeDataset(pred.resolve("ckpt_c"), mask.resolve("ckpt_c"), 0);
    try (LogCapture log = LogCapture.of(Level.WARN, LOGGER)) {
      JobRuns.evaluate(pred, mask, tmp.resolve("grouped"), "--group-by", "image_dir");
      assertEquals(List.of("WARN " + LOGGER + ": in 1 of 3 groups (image_dir=ckpt_b) every image evaluated looks like"
          + " probabilities (in its first 1024 pixels every channel is in [0, 1] and the channels sum to 1) but is read"
          + " as logits, so softmax is applied twice: their ce, soft_dice_loss, lovasz_softmax_loss are wrong (the"
          + " confusion matrix is not); if those predictions are probabilities, evaluate them with --input"
          + " probabilities"), List.copyOf(log.lines()));
    }
  }

  @Test
  void oneImageOfLogitsAmongProbabilitiesIsNotSaid() throws IOException {
    Path pred = tmp.resolve("pred");
    Path mask = tmp.resolve("mask");
    writeDataset(pred, mask, 1);
    assertEquals(List.of(), runWarnings(pred, mask, "mixed"));
  }
}
