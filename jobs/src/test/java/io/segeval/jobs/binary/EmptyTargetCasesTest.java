package io.segeval.jobs.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.jobs.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesion volumes whose target is empty (docs/metrics.md, "Cases with an empty target"): soft Dice
 * and IoU s/(P + s), hard Dice 1 without and 0 with a false positive, the dataset's hard scores
 * null when nothing is to be found nor predicted. Reference values: tools/reference/empty_targets.py
 * (NumPy in float64 with math.fsum, from the spec's formulas; logits exact in float32).
 */
class EmptyTargetCasesTest {
  private static final double REL = 1e-9;
  @TempDir static Path tmp;

  /** clean: 2×3×4, empty target, no logit ≥ 0; false_positive: 2×2×3, empty, one logit 1.5; lesion: 2×2×2. */
  @BeforeAll
  static void data() throws IOException {
    write("all", "clean", new int[] {2, 3, 4}, new float[] {-7, -6.5f, -8.25f, -7.5f, -6, -9, -7, -7.25f, -8, -6.75f,
        -7, -5.5f, -7, -6.5f, -8.25f, -7.5f, -6, -9, -7, -7.25f, -8, -6.75f, -7, -5.5f}, new byte[24]);
    write("all", "false_positive", new int[] {2, 2, 3},
        new float[] {-5, -5, -4.5f, -6, 1.5f, -5, -5.5f, -5, -6, -4, -5, -5}, new byte[12]);
    write("all", "lesion", new int[] {2, 2, 2}, new float[] {2, -3, -4, 0.5f, -5, -2, -6, -1},
        new byte[] {1, 0, 0, 1, 0, 0, 0, 0});
    for (String name : new String[] {"pred", "target"}) {
      Files.createDirectories(tmp.resolve("clean").resolve(name));
      Files.copy(tmp.resolve("all").resolve(name).resolve("clean.npy"),
          tmp.resolve("clean").resolve(name).resolve("clean.npy"));
    }
  }

  private static void write(String set, String id, int[] shape, float[] logits, byte[] target) throws IOException {
    Path pred = Files.createDirectories(tmp.resolve(set).resolve("pred"));
    Path mask = Files.createDirectories(tmp.resolve(set).resolve("target"));
    Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(shape, logits));
    Files.write(mask.resolve(id + ".npy"), NpyTestWriter.encodeUint8(shape, target));
  }

  private static Path evaluate(String set) {
    Path out = tmp.resolve("out-" + set);
    CliRun run = CliRun.of("evaluate", "--pred", tmp.resolve(set).resolve("pred").toString(), "--target",
        tmp.resolve(set).resolve("target").toString(), "--output", out.toString(), "--lovasz", "both",
        "--per-image-format", "json");
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  private static void assertValues(JsonNode node, Map<String, Double> expected) {
    expected.forEach((key, want) -> {
      JsonNode got = node.get(key);
      if (want == null) {
        assertTrue(got.isNull(), key + " = " + got);
      } else {
        assertEquals(want, got.asDouble(), REL * Math.abs(want), key);
      }
    });
  }

  @Test
  void emptyTargetsScoreSmoothOverTheirProbabilityMassPerImageAndOneOrZeroInHardDice() {
    Path out = evaluate("all");
    Map<String, JsonNode> rows = CliRun.jsonLines(out.resolve("per_image"), "image_id");
    // clean: P = 0.0278…, dice = iou = 1/(P + 1), tversky = 1/(P/2 + 1), every logit ≤ −1: Lovász 0
    assertValues(rows.get("clean"), Map.of("dice", 0.9728970513787608, "iou", 0.9728970513787608,
        "tversky", 0.9862623604195169, "lovasz_hinge_loss", 0.0, "fp", 0.0, "fn", 0.0, "tn", 24.0,
        "hard_dice", 1.0, "hard_iou", 1.0));
    // false_positive: one voxel at logit 1.5 is fp; Lovász = the largest 1 + x = 2.5
    assertValues(rows.get("false_positive"), Map.of("dice", 0.527504028846026, "iou", 0.527504028846026,
        "tversky", 0.6906744844981341, "lovasz_hinge_loss", 2.5, "tp", 0.0, "fp", 1.0, "fn", 0.0,
        "hard_dice", 0.0, "hard_iou", 0.0));
    assertValues(rows.get("lesion"), Map.of("dice", 0.8067922508761302, "iou", 0.7229158104602085,
        "lovasz_hinge_loss", 0.25, "tp", 2.0, "hard_dice", 1.0));
    JsonNode s = CliRun.summary(out);
    // every case counts in the per-image means, the empty ones too
    assertValues(s.get("per_image_mean"), Map.of("dice", 0.7690644437003057, "iou", 0.7411056302283318,
        "hard_dice", 2.0 / 3, "lovasz_hinge_loss", 0.9166666666666666));
    assertValues(s.get("dataset"), Map.of("dice", 0.6802741224108197, "hard_dice", 0.8, "precision", 2.0 / 3,
        "recall", 1.0, "lovasz_hinge_loss", 1.0000000000000002));
  }

  @Test
  void aDatasetOfOneCleanEmptyCaseHasNullHardScoresAndSoftScoresBelowOne() {
    JsonNode s = CliRun.summary(evaluate("clean"));
    Map<String, Double> dataset = new java.util.HashMap<>(Map.of("dice", 0.9728970513787608,
        "iou", 0.9728970513787608, "accuracy", 1.0, "specificity", 1.0, "lovasz_hinge_loss", 0.0));
    for (String undefined : new String[] {"hard_dice", "hard_iou", "precision", "recall"}) {
      dataset.put(undefined, null);
    }
    assertValues(s.get("dataset"), dataset);
    assertValues(s.get("per_image_mean"), Map.of("dice", 0.9728970513787608, "hard_dice", 1.0));
  }
}
