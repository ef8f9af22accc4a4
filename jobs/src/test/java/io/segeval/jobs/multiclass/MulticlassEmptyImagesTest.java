package io.segeval.jobs.multiclass;

import static io.segeval.jobs.PerImageOutput.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.Npy;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.PerClassColumn;
import io.segeval.jobs.PerImageOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multiclass images with no pixels ((C, 0, 0), (C, H, 0), (C, 0, W) scores against (0, 0), (H, 0),
 * (0, W) targets) are images of 0 pixels with null values, as in the binary task
 * (docs/metrics.md): in the per-image rows, the dataset, the groups and the dataset-wide
 * Lovász-softmax, from folders and from an arrays table; they never fail the run.
 *
 * <p>C = 3. Folder {@code a/} holds the three empty images; {@code b/ok} is 1×2 with logits
 * (2, 0, 0) for target 0 and (0, 0, 1) for target 2: both right, so aacc 1, IoU (1, null, 1),
 * ce = mean of log(e² + 2) − 2 and log(2 + e) − 1.
 */
class MulticlassEmptyImagesTest {
  @TempDir static Path tmp;
  private static Path data;
  private static Path okOnly;

  @BeforeAll
  static void data() throws IOException {
    data = tmp.resolve("data");
    write(data, "a/e00", new int[] {0, 0});
    write(data, "a/eh0", new int[] {2, 0});
    write(data, "a/e0w", new int[] {0, 2});
    writeOk(data);
    okOnly = tmp.resolve("ok-only");
    writeOk(okOnly);
  }

  private static void write(Path dir, String id, int[] hw) throws IOException {
    writePair(dir, id, new int[] {3, hw[0], hw[1]}, new float[0], hw, new byte[0]);
  }

  private static void writeOk(Path dir) throws IOException {
    writePair(dir, "b/ok", new int[] {3, 1, 2}, new float[] {2, 0, 0, 0, 0, 1}, new int[] {1, 2}, new byte[] {0, 2});
  }

  private static void writePair(Path dir, String id, int[] predShape, float[] pred, int[] targetShape, byte[] target)
      throws IOException {
    Path p = dir.resolve("pred").resolve(id + ".npy");
    Path t = dir.resolve("mask").resolve(id + ".npy");
    Files.createDirectories(p.getParent());
    Files.createDirectories(t.getParent());
    Files.write(p, Npy.encodeFloat32(predShape, pred));
    Files.write(t, Npy.encodeUint8(targetShape, target));
  }

  private static String[] evaluate(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate", "--task", "multiclass", "--num-classes", "3", "--output",
        output.toString(), "--lovasz", "both", "--per-image-format", "json"}, more);
  }

  private static Path evaluateFolders(Path dir, String name, String... more) {
    Path out = tmp.resolve(name);
    CliRun run = CliRun.of(CliRun.concat(evaluate(out, "--pred", dir.resolve("pred").toString(),
        "--target", dir.resolve("mask").toString()), more));
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  private static final double OK_CE = ((Math.log(Math.exp(2) + 2) - 2) + (Math.log(2 + Math.E) - 1)) / 2;

  @Test
  void emptyImagesAreImagesOfNoPixelsWithNullValues() {
    Path out = evaluateFolders(data, "folders");
    Map<String, Map<String, String>> rows = PerImageOutput.rows(out, "json");
    for (String id : new String[] {"a/e00", "a/eh0", "a/e0w"}) {
      assertEquals(row("image_id", id, "pixels", 0, "ignored", 0, "ce", null, "lovasz_softmax_loss", null,
          "aacc", null, "miou", null), rows.get(id), id);
    }
    assertEquals(1.0, Double.parseDouble(rows.get("b/ok").get("aacc")));
    assertEquals(OK_CE, Double.parseDouble(rows.get("b/ok").get("ce")), 1e-15);

    JsonNode s = CliRun.summary(out);
    assertEquals(4, s.get("images").asLong());
    assertEquals(2, s.get("pixels").asLong());
    assertEquals(0, s.get("rejected").get("count").asLong());
    // the empty images add nothing: every value is that of b/ok alone, the dataset-wide Lovász too
    JsonNode alone = CliRun.summary(evaluateFolders(okOnly, "ok-only-run"));
    for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
      assertEquals(alone.get(section), s.get(section), section);
    }
    assertEquals(1.0, s.get("dataset").get("miou").asDouble());
    assertEquals(OK_CE, s.get("dataset").get("ce").asDouble(), 1e-15);
    double lovasz = Double.parseDouble(rows.get("b/ok").get("lovasz_softmax_loss"));
    assertEquals(lovasz, s.get("dataset").get("lovasz_softmax_loss").asDouble(), 1e-15);
    assertEquals(lovasz, s.get("per_image_mean").get("lovasz_softmax_loss").asDouble(), 1e-15);
  }

  @Test
  void aGroupOfOnlyEmptyImagesHasNullValues() {
    Path out = evaluateFolders(data, "grouped", "--group-by", "image_dir");
    JsonNode s = CliRun.summary(out);
    JsonNode a = s.get("groups").get(0);
    assertEquals("a", a.get("key").get("image_dir").asText());
    assertEquals(3, a.get("images").asLong());
    assertEquals(0, a.get("pixels").asLong());
    a.get("dataset").fields().forEachRemaining(e -> assertTrue(e.getValue().isNull(), e.getKey() + " = " + e.getValue()));
    assertTrue(a.get("per_image_mean").get("lovasz_softmax_loss").isNull());
    a.get("per_class").get("iou").forEach(v -> assertTrue(v.isNull(), "iou " + v));
    JsonNode b = s.get("groups").get(1);
    assertEquals("b", b.get("key").get("image_dir").asText());
    for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
      assertEquals(s.get(section), b.get(section), section);
    }
    // OUTPUT/metrics/: null where summary.json has null, class by class
    List<Row> metrics = PerClassColumn.metrics(out).collectAsList();
    assertEquals(List.of("a", "b"), metrics.stream().map(r -> r.<String>getAs("image_dir")).toList());
    List<Row> aClasses = PerClassColumn.cell(metrics.get(0));
    List<Row> bClasses = PerClassColumn.cell(metrics.get(1));
    PerClassColumn.assertPerClass(a, null, aClasses, "metrics/ group a");
    PerClassColumn.assertPerClass(b, null, bClasses, "metrics/ group b");
    for (Row c : aClasses) {
      assertTrue(c.isNullAt(c.fieldIndex("iou")) && c.isNullAt(c.fieldIndex("precision")), c.toString());
      assertEquals(0L, c.<Long>getAs("target_pixels"));
    }
    assertEquals(Arrays.asList(1.0, null, 1.0), bClasses.stream().map(c -> c.<Double>getAs("iou")).toList());
  }

  @Test
  void anArraysTableWithEmptyImagesGivesTheFoldersNumbers() {
    Path table = tmp.resolve("table");
    CliRun pack = CliRun.of("pack", "--pred", data.resolve("pred").toString(), "--target",
        data.resolve("mask").toString(), "--output", table.toString(), "--as-arrays");
    assertEquals(0, pack.exitCode(), pack.err());
    Path out = tmp.resolve("table-run");
    CliRun run = CliRun.of(evaluate(out, "--table", table.toString()));
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = CliRun.summary(out);
    JsonNode folders = CliRun.summary(evaluateFolders(data, "folders-for-table"));
    assertEquals(4, s.get("images").asLong());
    for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
      assertEquals(folders.get(section), s.get(section), section);
    }
    assertEquals(PerImageOutput.rows(tmp.resolve("folders-for-table"), "json"), PerImageOutput.rows(out, "json"));
  }
}
