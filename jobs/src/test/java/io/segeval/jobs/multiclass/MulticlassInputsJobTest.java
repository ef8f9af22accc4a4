package io.segeval.jobs.multiclass;

import static io.segeval.jobs.PerImageOutput.row;
import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NdArray;
import io.segeval.codec.Npy;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.PerImageOutput;
import io.segeval.jobs.demo.MulticlassDemoDataset;
import io.segeval.testing.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The input formats and bad records of the multiclass job, on copies of {@code mc_public} written
 * in other formats: targets as palette PNGs whose colours are not their indices, 16-bit grey PNGs
 * and integer NPY; predictions as label maps; predictions with the wrong shape.
 */
class MulticlassInputsJobTest {
  private static final double REL = 1e-9;
  private static final JsonNode EXPECTED = ReferenceData.expected("mc_public");
  private static final List<ReferenceData.Image> IMAGES = ReferenceData.images("mc_public");

  @TempDir Path tmp;

  /** A palette whose colour for index i is a grey level unrelated to i, and 255 is white. */
  private static int[] misleadingPalette() {
    int[] palette = new int[256];
    for (int i = 0; i < 256; i++) {
      int grey = (i * 37 + 101) % 256;
      palette[i] = grey << 16 | grey << 8 | grey;
    }
    return palette;
  }

  private static byte[] bytesOf(NdArray target) {
    byte[] b = new byte[target.size()];
    for (int j = 0; j < b.length; j++) {
      b[j] = (byte) (int) target.data()[j];
    }
    return b;
  }

  private static Path copyPredictions(Path dir) throws IOException {
    Path pred = Files.createDirectories(dir.resolve("pred"));
    for (ReferenceData.Image image : IMAGES) {
      Files.copy(ReferenceData.dir("mc_public").resolve("pred").resolve(image.id() + ".npy"), pred.resolve(image.id() + ".npy"));
    }
    return pred;
  }

  /**
   * A 1×3 image whose target is saved channel-last, (1, 3, 1), is read as (1, 3) when its
   * prediction says so: scores (5, 1, 3) or (1, 3, 5), or labels (1, 3) (was: the target read as
   * (3, 1), and every prediction refused as of another shape).
   */
  @ParameterizedTest
  @ValueSource(strings = {"channels-first", "channels-last", "labels"})
  void aOneRowTargetSavedChannelLastFitsItsPrediction(String layout) throws IOException {
    Path pred = Files.createDirectories(tmp.resolve("pred"));
    Path mask = Files.createDirectories(tmp.resolve("mask"));
    Files.write(mask.resolve("row.npy"), NpyTestWriter.encodeUint8(new int[] {1, 3, 1}, new byte[] {0, 1, 1}));
    int[] predicted = {0, 1, 0}; // pixel 2 (class 1) predicted as class 0
    if (layout.equals("labels")) {
      Files.write(pred.resolve("row.npy"), NpyTestWriter.encodeUint8(new int[] {1, 3}, new byte[] {0, 1, 0}));
    } else {
      float[] scores = new float[15];
      for (int j = 0; j < 3; j++) {
        scores[layout.equals("channels-first") ? predicted[j] * 3 + j : j * 5 + predicted[j]] = 4;
      }
      Files.write(pred.resolve("row.npy"), NpyWriter.encodeFloat32(layout.equals("channels-first") ? new int[] {5, 1, 3}
          : new int[] {1, 3, 5}, scores));
    }
    JsonNode s = JobRuns.summary(JobRuns.evaluate(pred, mask, tmp.resolve("out"), "--on-bad-record", "fail",
        "--input", layout.equals("labels") ? "labels" : "logits"));
    assertEquals(3, s.get("pixels").asLong());
    JsonNode perClass = s.get("per_class");
    assertEquals(0.5, perClass.get("iou").get(0).asDouble(), 1e-12);
    assertEquals(0.5, perClass.get("iou").get(1).asDouble(), 1e-12);
    assertEquals(1.0, perClass.get("acc").get(0).asDouble(), 1e-12);
    assertEquals(0.5, perClass.get("acc").get(1).asDouble(), 1e-12);
    assertTrue(perClass.get("iou").get(2).isNull());
  }

  @Test
  void paletteSixteenBitAndNpyTargetsGiveTheReferenceValues() throws IOException {
    Path pred = copyPredictions(tmp);
    Path mask = Files.createDirectories(tmp.resolve("mask"));
    int[] palette = misleadingPalette();
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < IMAGES.size(); i++) {
      ReferenceData.Image image = IMAGES.get(i);
      int h = image.target().shape()[0];
      int w = image.target().shape()[1];
      byte[] ids = bytesOf(image.target());
      switch (i % 3) {
        case 0 -> {
          byte[] png = PngMask.encodePalette(h, w, ids, palette);
          // The colours really differ from the indices: a decoder reading colours would see other values.
          assertNotEquals(ids[0] & 0xFF, palette[ids[0] & 0xFF] & 0xFF);
          Files.write(mask.resolve(image.id() + ".png"), png);
          kinds.add("palette");
        }
        case 1 -> {
          short[] v = new short[ids.length];
          for (int j = 0; j < v.length; j++) {
            v[j] = (short) (ids[j] & 0xFF);
          }
          Files.write(mask.resolve(image.id() + ".png"), PngMask.encodeGray16(h, w, v));
          kinds.add("gray16");
        }
        default -> {
          Files.write(mask.resolve(image.id() + ".npy"), NpyTestWriter.encodeUint8(new int[] {h, w}, ids));
          kinds.add("npy");
        }
      }
    }
    assertTrue(kinds.contains("palette") && kinds.contains("gray16") && kinds.contains("npy"));
    JsonNode s = JobRuns.summary(JobRuns.evaluate(pred, mask, tmp.resolve("out")));
    assertEquals(EXPECTED.get("confusion_matrix"), s.get("confusion_matrix"));
    assertEquals(EXPECTED.get("pixels").asLong(), s.get("pixels").asLong());
    for (String key : List.of("miou", "mdice", "macc", "aacc", "ce", "soft_dice_loss")) {
      assertClose(EXPECTED.get("dataset").get(key).asDouble(), s.get("dataset").get(key).asDouble(), REL, key);
    }
    assertClose(EXPECTED.get("per_image_mean").get("lovasz_softmax_loss").asDouble(),
        s.get("per_image_mean").get("lovasz_softmax_loss").asDouble(), REL, "per_image_mean.lovasz_softmax_loss");
  }

  @Test
  void labelMapPredictionsGiveTheConfusionMetricsAndSayWhatIsNotComputable() throws IOException {
    Path pred = Files.createDirectories(tmp.resolve("labels"));
    for (ReferenceData.Image image : IMAGES) {
      int c = image.pred().shape()[0];
      int h = image.pred().shape()[1];
      int w = image.pred().shape()[2];
      int n = h * w;
      byte[] labels = new byte[n];
      for (int j = 0; j < n; j++) {
        int best = 0;
        for (int k = 1; k < c; k++) {
          if (image.pred().data()[k * n + j] > image.pred().data()[best * n + j]) {
            best = k;
          }
        }
        labels[j] = (byte) best;
      }
      Files.write(pred.resolve(image.id() + ".png"), PngMask.encodeGray8(h, w, labels));
    }
    Path out = JobRuns.evaluate(pred, ReferenceData.dir("mc_public").resolve("mask"), tmp.resolve("out"), "--lovasz", "both");
    JsonNode s = JobRuns.summary(out);
    assertEquals("labels", s.get("input").asText());
    assertEquals(EXPECTED.get("confusion_matrix"), s.get("confusion_matrix"));
    for (String key : List.of("miou", "mdice", "macc", "aacc")) {
      assertClose(EXPECTED.get("dataset").get(key).asDouble(), s.get("dataset").get(key).asDouble(), REL, key);
    }
    for (String key : List.of("ce", "soft_dice_loss", "lovasz_softmax_loss")) {
      assertTrue(s.get("dataset").get(key).isNull(), key);
    }
    assertTrue(s.get("per_image_mean").get("lovasz_softmax_loss").isNull());
    List<String> notComputable = new ArrayList<>();
    s.get("not_computable").forEach(n -> notComputable.add(n.asText()));
    assertEquals(List.of("ce", "soft_dice_loss", "lovasz_softmax_loss", "per_image_mean.lovasz_softmax_loss"), notComputable);
    Map<String, JsonNode> rows = JobRuns.perImage(out);
    for (Iterator<Map.Entry<String, JsonNode>> it = EXPECTED.get("per_image").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode row = rows.get(e.getKey());
      assertClose(e.getValue().get("aacc").asDouble(), row.get("aacc").asDouble(), REL, e.getKey());
      assertTrue(row.get("ce").isNull() && row.get("lovasz_softmax_loss").isNull(), row.toString());
    }
  }

  /**
   * Label maps (8-bit PNG) in every per-image format: {@code mixed} 2×2, pred (0,1 / 2,3), target
   * (0,1 / 1,255); {@code ignored} 2×2, every target 255. What labels cannot give, and every value
   * of an image with no pixels, is null, never a number or NaN.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "csv", "parquet"})
  void labelMapRowsHaveNullScoreValuesInEveryPerImageFormat(String format) throws IOException {
    Path pred = Files.createDirectories(tmp.resolve("pred"));
    Path mask = Files.createDirectories(tmp.resolve("mask"));
    Files.write(pred.resolve("mixed.png"), PngMask.encodeGray8(2, 2, new byte[] {0, 1, 2, 3}));
    byte ignore = (byte) 255;
    Files.write(mask.resolve("mixed.png"), PngMask.encodeGray8(2, 2, new byte[] {0, 1, 1, ignore}));
    Files.write(pred.resolve("ignored.png"), PngMask.encodeGray8(2, 2, new byte[] {0, 1, 2, 3}));
    Files.write(mask.resolve("ignored.png"), PngMask.encodeGray8(2, 2, new byte[] {ignore, ignore, ignore, ignore}));
    Path out = tmp.resolve("out");
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "5", "--pred", pred.toString(),
        "--target", mask.toString(), "--output", out.toString(), "--lovasz", "both", "--per-image-format", format);
    assertEquals(0, run.exit(), run.err());
    // mixed: 3 pixels, 2 right; IoU of class 0 = 1, class 1 = 1/(2 + 1 − 1), class 2 = 0/(0 + 1 − 0).
    assertEquals(Map.of(
        "mixed", row("image_id", "mixed", "pixels", 3, "ignored", 1, "ce", null, "lovasz_softmax_loss", null,
            "aacc", 2.0 / 3, "miou", 0.5),
        "ignored", row("image_id", "ignored", "pixels", 0, "ignored", 4, "ce", null, "lovasz_softmax_loss", null,
            "aacc", null, "miou", null)), PerImageOutput.rows(out, format));
  }

  /** Scores saved channels last, (H, W, C) as Keras writes them, give exactly the channels-first results. */
  @Test
  void channelsLastScoresGiveTheSameResults() throws IOException {
    Path pred = copyPredictions(tmp.resolve("channels-last"));
    try (var files = Files.list(pred)) {
      for (Path f : files.toList()) {
        NdArray a = Npy.decode(Files.readAllBytes(f), Long.MAX_VALUE, null);
        int c = a.shape()[0];
        int n = a.shape()[1] * a.shape()[2];
        float[] last = new float[c * n];
        for (int k = 0; k < c; k++) {
          for (int j = 0; j < n; j++) {
            last[j * c + k] = (float) a.data()[k * n + j]; // float32 files: exact
          }
        }
        Files.write(f, NpyWriter.encodeFloat32(new int[] {a.shape()[1], a.shape()[2], c}, last));
      }
    }
    Path mask = ReferenceData.dir("mc_public").resolve("mask");
    JsonNode first = JobRuns.summary(JobRuns.evaluate(ReferenceData.dir("mc_public").resolve("pred"), mask,
        tmp.resolve("first-out"), "--lovasz", "both"));
    JsonNode last = JobRuns.summary(JobRuns.evaluate(pred, mask, tmp.resolve("last-out"), "--lovasz", "both",
        "--partitions", "3"));
    for (String section : List.of("dataset", "per_image_mean", "per_class", "confusion_matrix")) {
      MulticlassPublicDataJobTest.assertSameNumbers(first.get(section), last.get(section), section, 3);
    }
  }

  /** mc_public with three predictions broken: 6 channels, a batch axis, height and width swapped. */
  private Path brokenPredictions() throws IOException {
    Path pred = copyPredictions(tmp);
    writeReshaped(pred, "img_004", a -> new int[] {6, a[1], a[2]}, true);
    writeReshaped(pred, "img_006", a -> new int[] {2, a[0], a[1], a[2]}, true);
    writeReshaped(pred, "img_008", a -> new int[] {a[0], a[2], a[1]}, false);
    return pred;
  }

  private static void writeReshaped(Path pred, String id, java.util.function.UnaryOperator<int[]> shape, boolean extraChannel)
      throws IOException {
    NdArray a = Npy.decode(Files.readAllBytes(pred.resolve(id + ".npy")), Long.MAX_VALUE, null);
    int[] s = shape.apply(a.shape());
    float[] values = new float[java.util.Arrays.stream(s).reduce(1, (x, y) -> x * y)];
    for (int i = 0; i < Math.min(values.length, a.size()); i++) {
      values[i] = (float) a.data()[i];
    }
    assertEquals(extraChannel, values.length != a.size());
    Files.write(pred.resolve(id + ".npy"), NpyWriter.encodeFloat32(s, values));
  }

  /** Scores saved as a PyTorch batch of one, (1, C, H, W), are the (C, H, W) scores they hold. */
  @Test
  void aBatchOfOneIsReadAsItsImage() throws IOException {
    Path pred = copyPredictions(tmp.resolve("batch"));
    writeReshaped(pred, "img_006", a -> new int[] {1, a[0], a[1], a[2]}, false);
    JsonNode s = JobRuns.summary(JobRuns.evaluate(pred, ReferenceData.dir("mc_public").resolve("mask"),
        tmp.resolve("batch_out")));
    assertEquals(EXPECTED.get("confusion_matrix"), s.get("confusion_matrix"));
    for (String key : List.of("miou", "ce", "soft_dice_loss")) {
      assertClose(EXPECTED.get("dataset").get(key).asDouble(), s.get("dataset").get(key).asDouble(), REL, key);
    }
  }

  @Test
  void aWrongChannelCountFailsTheJobNamingTheImage() throws IOException {
    Path pred = copyPredictions(tmp);
    writeReshaped(pred, "img_004", a -> new int[] {6, a[1], a[2]}, true);
    Path out = tmp.resolve("out");
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "5",
        "--pred", pred.toString(), "--target", ReferenceData.dir("mc_public").resolve("mask").toString(),
        "--output", out.toString());
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("image 'img_004'"), run.err());
    assertTrue(run.err().contains("img_004.npy"), run.err());
    assertTrue(run.err().contains("the prediction has 6 channels but --num-classes is 5"), run.err());
    assertFalse(Files.exists(out.resolve("summary.json")));
  }

  /** Logits given as probabilities (one --config for every checkpoint): the refusal says what logits take. */
  @Test
  void logitsGivenAsProbabilitiesAreRefusedWithTheLogitsHint() {
    Path out = tmp.resolve("out");
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "5", "--input", "probabilities",
        "--pred", ReferenceData.dir("mc_public").resolve("pred").toString(),
        "--target", ReferenceData.dir("mc_public").resolve("mask").toString(), "--output", out.toString());
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().matches("(?s).*segeval: image 'img_\\d+' \\([^)]*img_\\d+\\.npy\\): probability -?[0-9.E-]+ at"
        + " \\(channel \\d, row \\d+, col \\d+\\) is outside \\[0, 1\\] \\(use --input logits for raw scores\\)\n"),
        run.err());
    assertFalse(Files.exists(out.resolve("summary.json")));
  }

  @Test
  void skippedShapesAreReportedWithTheirReasons() throws IOException {
    Path pred = brokenPredictions();
    Path out = JobRuns.evaluate(pred, ReferenceData.dir("mc_public").resolve("mask"), tmp.resolve("out"),
        "--on-bad-record", "skip");
    JsonNode s = JobRuns.summary(out);
    assertEquals(7, s.get("images").asLong());
    assertEquals(3, s.get("rejected").get("count").asLong());
    JsonNode items = s.get("rejected").get("items");
    assertEquals("img_004", items.get(0).get("image_id").asText());
    assertTrue(items.get(0).get("reason").asText().startsWith("the prediction has 6 channels but --num-classes is 5"),
        items.get(0).toString());
    assertTrue(items.get(1).get("reason").asText().startsWith("expected (C, H, W) scores with C = 5, got 4 dimensions"),
        items.get(1).toString());
    assertTrue(items.get(2).get("reason").asText().startsWith("height and width are transposed"), items.get(2).toString());
    assertTrue(items.get(2).get("file").asText().endsWith("img_008.npy"), items.get(2).toString());
    // The 7 good images are counted, the 3 bad ones not at all.
    long pixels = 0;
    for (String id : List.of("img_000", "img_001", "img_002", "img_003", "img_005", "img_007", "img_009")) {
      pixels += EXPECTED.get("per_image").get(id).get("pixels").asLong();
    }
    assertEquals(pixels, s.get("pixels").asLong());
    assertEquals(7, JobRuns.perImage(out).size());
  }

  @Test
  void classNamesMustMatchTheClassCount() {
    Path data = ReferenceData.dir("mc_public");
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "5",
        "--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString(),
        "--output", tmp.resolve("out").toString(), "--class-names", "a,b,c");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--class-names gives 3 names but --num-classes is 5"), run.err());
    run = JobRuns.run("evaluate", "--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString(),
        "--output", tmp.resolve("out").toString(), "--class-names", "a,b");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--class-names is only for --task multiclass"), run.err());
  }

  @Test
  void demoWritesAndEvaluatesAMulticlassSample() throws IOException {
    JobRuns.Run run = JobRuns.run("demo", "--task", "multiclass", "--images", "6", "--dir", tmp.toString());
    assertEquals(0, run.exit(), run.err());
    JsonNode s = JobRuns.summary(tmp.resolve("results"));
    assertEquals("multiclass", s.get("task").asText());
    assertEquals(6, s.get("images").asLong());
    assertEquals(MulticlassDemoDataset.CLASS_NAMES.get(2), s.get("class_names").get(2).asText());
    assertTrue(s.get("dataset").get("lovasz_softmax_loss").isNumber());
    // Image 0's target is a palette PNG in VOC colours: index 1 is dark red, not grey level 1.
    byte[] png = Files.readAllBytes(tmp.resolve("mask").resolve("img_000.png"));
    assertEquals(3, png[25], "colour type 3 (palette)");
    NdArray target = PngMask.decode(png, Long.MAX_VALUE, null);
    boolean ignored = false;
    for (int j = 0; j < target.size(); j++) {
      double v = target.data()[j];
      assertTrue(v == 255 || v >= 0 && v < 5, "class id or 255: " + v);
      ignored |= v == 255;
    }
    assertTrue(ignored, "edges are ignored");
    assertTrue(run.out().contains("per class, by IoU"), run.out());
    // a second demo into the same folder would mix two datasets: refused, the first one kept
    JobRuns.Run again = JobRuns.run("demo", "--images", "3", "--dir", tmp.toString());
    assertEquals(2, again.exit(), again.err());
    assertTrue(again.err().contains("--dir " + tmp + " is not empty; the demo writes a new dataset"), again.err());
    assertEquals(6, JobRuns.summary(tmp.resolve("results")).get("images").asLong());
  }
}
