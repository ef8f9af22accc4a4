package io.segeval.jobs;

import static io.segeval.jobs.PerImageOutput.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.PngMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Binary values that are undefined are null, never a number or NaN (docs/metrics.md §1): the
 * losses that need scores for label predictions, in summary.json and in every per-image format,
 * through the command line. (An image with no pixels is a bad record: ImagesWithNoPixelsTest.)
 */
class BinaryUndefinedScoresTest {
  @TempDir static Path tmp;
  private static Path labels;

  /**
   * Label predictions (8-bit PNG, 0/1 and 0/255) against 8-bit PNG targets:
   * {@code errors} 2×3 with 1 tp, 1 fp, 1 fn, 3 tn; {@code perfect} 2×2 with 1 tp, 3 tn;
   * {@code background} 2×2 with nothing to find and nothing predicted.
   */
  @BeforeAll
  static void data() throws IOException {
    labels = tmp.resolve("labels");
    writePng(labels, "errors", 2, 3, new int[] {1, 0, 1, 0, 0, 0}, new int[] {255, 255, 0, 0, 0, 0});
    writePng(labels, "perfect", 2, 2, new int[] {255, 0, 0, 0}, new int[] {1, 0, 0, 0});
    writePng(labels, "background", 2, 2, new int[] {0, 0, 0, 0}, new int[] {0, 0, 0, 0});
  }

  private static void writePng(Path dir, String id, int h, int w, int[] pred, int[] target) throws IOException {
    Files.createDirectories(dir.resolve("pred"));
    Files.createDirectories(dir.resolve("mask"));
    Files.write(dir.resolve("pred").resolve(id + ".png"), PngMask.encodeGray8(h, w, bytes(pred)));
    Files.write(dir.resolve("mask").resolve(id + ".png"), PngMask.encodeGray8(h, w, bytes(target)));
  }

  private static byte[] bytes(int[] values) {
    byte[] b = new byte[values.length];
    for (int j = 0; j < b.length; j++) {
      b[j] = (byte) values[j];
    }
    return b;
  }

  /** Runs evaluate on {@code data} (default parameters, --lovasz both) into a new output folder. */
  private static Path evaluate(Path data, String name, String... more) {
    Path out = tmp.resolve("out-" + name);
    CliRun run = CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", data.resolve("pred").toString(),
        "--target", data.resolve("mask").toString(), "--output", out.toString(), "--lovasz", "both"}, more));
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  /** The keys of a summary section whose value is null, in order. */
  private static List<String> nullKeys(JsonNode section) {
    List<String> keys = new ArrayList<>();
    section.fields().forEachRemaining(e -> {
      if (e.getValue().isNull()) {
        keys.add(e.getKey());
      }
    });
    return keys;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "csv", "parquet"})
  void labelPredictionsHaveNullLossesInEveryPerImageRow(String format) {
    Map<String, Map<String, String>> rows =
        PerImageOutput.rows(evaluate(labels, "labels-" + format, "--per-image-format", format), format);
    // errors: I = 1, P = T = 2, s = 1: dice 3/5, iou 2/4, tversky (α = β = 0.5) 2/3; hard dice 2/4, hard IoU 1/3.
    assertEquals(Map.of(
        "errors", row("image_id", "errors", "pixels", 6, "dice", 0.6, "iou", 0.5, "tversky", 2.0 / 3,
            "bce", null, "focal_loss", null, "lovasz_hinge_loss", null,
            "tp", 1, "fp", 1, "fn", 1, "tn", 3, "hard_dice", 0.5, "hard_iou", 1.0 / 3),
        "perfect", row("image_id", "perfect", "pixels", 4, "dice", 1.0, "iou", 1.0, "tversky", 1.0,
            "bce", null, "focal_loss", null, "lovasz_hinge_loss", null,
            "tp", 1, "fp", 0, "fn", 0, "tn", 3, "hard_dice", 1.0, "hard_iou", 1.0),
        "background", row("image_id", "background", "pixels", 4, "dice", 1.0, "iou", 1.0, "tversky", 1.0,
            "bce", null, "focal_loss", null, "lovasz_hinge_loss", null,
            "tp", 0, "fp", 0, "fn", 0, "tn", 4, "hard_dice", 1.0, "hard_iou", 1.0)), rows);
  }

  @Test
  void labelPredictionsListEveryNullLossUnderNotComputable() {
    JsonNode s = CliRun.summary(evaluate(labels, "labels-summary"));
    assertEquals("labels", s.get("input").asText());
    assertEquals(List.of("bce", "bce_dice_loss", "focal_loss", "combo_loss", "lovasz_hinge_loss"),
        nullKeys(s.get("dataset")));
    // Dataset: I = 2, P = T = 3: dice (4 + 1)/(3 + 3 + 1).
    assertEquals(5.0 / 7, s.get("dataset").get("dice").asDouble(), 1e-15);
    assertTrue(s.get("per_image_mean").get("lovasz_hinge_loss").isNull());
    assertEquals((0.6 + 1 + 1) / 3, s.get("per_image_mean").get("dice").asDouble(), 1e-15);
    List<String> notComputable = new ArrayList<>();
    s.get("not_computable").forEach(n -> notComputable.add(n.asText()));
    assertEquals(List.of("bce", "bce_dice_loss", "focal_loss", "combo_loss", "lovasz_hinge_loss",
        "per_image_mean.lovasz_hinge_loss"), notComputable);
  }
}
