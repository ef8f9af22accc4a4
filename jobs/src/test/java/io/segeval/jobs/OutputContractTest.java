package io.segeval.jobs;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SegEval's output as another tool reads it (spec §6), on the reference datasets: the keys of
 * summary.json in the spec's order, their JSON types, null where a value is not asked for (not
 * absent); {@code OUTPUT/per_image/} in the default format, Parquet, with its Spark types
 * (image_id and pixels first, counts long, metrics double), and in CSV, each holding every per-image
 * value of expected.json (the other reference tests read the JSON lines).
 */
class OutputContractTest {
  /** Spec §2, the dataset keys in its table's order. */
  private static final List<String> BINARY_DATASET = List.of("dice", "dice_loss", "iou", "iou_loss", "tversky",
      "tversky_loss", "bce", "bce_dice_loss", "focal_loss", "combo_loss", "lovasz_hinge_loss", "tp", "fp", "fn",
      "tn", "hard_dice", "hard_iou", "precision", "recall", "accuracy", "specificity");
  private static final List<String> BINARY_PER_IMAGE_MEAN = List.of("lovasz_hinge_loss", "dice", "iou", "hard_dice");
  private static final List<String> BINARY_PARAMS = List.of("smooth", "threshold", "tversky_alpha", "tversky_beta",
      "focal_alpha", "focal_gamma", "combo_alpha", "combo_ce_ratio", "combo_eps");
  /** Spec §3, the dataset keys in its table's order. */
  private static final List<String> MULTICLASS_DATASET = List.of("miou", "mdice", "macc", "aacc", "ce",
      "soft_dice_loss", "lovasz_softmax_loss");
  private static final List<String> PER_CLASS = List.of("iou", "dice", "acc", "precision");
  /** The count columns of per_image/ (long); every other metric column is a double. */
  private static final Set<String> COUNTS = Set.of("pixels", "ignored", "tp", "fp", "fn", "tn");
  private static final double REL = 1e-9;

  @TempDir static Path tmp;

  private static Path binaryRun(String name, String... more) {
    Path data = ReferenceData.dir("bin_public");
    Path out = tmp.resolve(name);
    CliRun run = CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", data.resolve("pred").toString(),
        "--target", data.resolve("mask").toString(), "--output", out.toString(),
        "--tversky-alpha", "0.3", "--tversky-beta", "0.7"}, more));
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  private static Path multiclassRun(String name, String... more) {
    Path data = ReferenceData.dir("mc_public");
    Path out = tmp.resolve(name);
    CliRun run = CliRun.of(CliRun.concat(new String[] {"evaluate", "--task", "multiclass", "--num-classes", "5",
        "--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString(),
        "--output", out.toString()}, more));
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  @Test
  void binarySummaryHasTheSpecKeysTypesAndValues() {
    JsonNode expected = ReferenceData.expected("bin_public");
    JsonNode s = CliRun.summary(binaryRun("binary-defaults"));
    assertEquals("binary", s.get("task").textValue());
    assertEquals("logits", s.get("input").textValue());
    assertIntegral(expected.get("images").asLong(), s.get("images"), "images");
    assertIntegral(expected.get("pixels").asLong(), s.get("pixels"), "pixels");
    assertEquals(BINARY_PARAMS, fieldNames(s.get("params")));
    for (String p : BINARY_PARAMS) {
      assertTrue(s.get("params").get(p).isDouble(), "params." + p + " is a number: " + s.get("params"));
      assertEquals(expected.get("params").get(p).asDouble(), s.get("params").get(p).asDouble(), 0, "params." + p);
    }
    assertEquals(BINARY_DATASET, fieldNames(s.get("dataset")));
    // --lovasz per-image (the default): the dataset-wide hinge is null, not absent
    assertTrue(s.get("dataset").get("lovasz_hinge_loss").isNull(), s.get("dataset").toString());
    for (String key : BINARY_DATASET) {
      if (!key.equals("lovasz_hinge_loss")) {
        assertValue(expected.get("dataset").get(key), s.get("dataset").get(key), key, "dataset." + key);
      }
    }
    assertEquals(BINARY_PER_IMAGE_MEAN, fieldNames(s.get("per_image_mean")));
    for (String key : BINARY_PER_IMAGE_MEAN) {
      assertValue(expected.get("per_image_mean").get(key), s.get("per_image_mean").get(key), key, "per_image_mean." + key);
    }
    assertNull(s.get("per_class"), "multiclass only");
    assertNull(s.get("confusion_matrix"), "multiclass only");
    assertIntegral(0, s.get("rejected").get("count"), "rejected.count");
    assertTrue(s.get("rejected").get("items").isArray() && s.get("rejected").get("items").isEmpty());
  }

  @Test
  void binaryPerImageParquetAndCsvHoldEveryReferenceValue() throws IOException {
    JsonNode expected = ReferenceData.expected("bin_public").get("per_image");
    Path parquet = binaryRun("binary-parquet", "--lovasz", "per-image");
    assertPerImageSchema(parquet, expected);
    assertRows(expected, PerImageOutput.rows(parquet, "parquet"), "parquet");
    Path csv = binaryRun("binary-csv", "--per-image-format", "csv");
    for (Path part : partFiles(csv.resolve("per_image"))) {
      String header = Files.readAllLines(part).get(0);
      assertTrue(header.startsWith("image_id,pixels,"), part + ": " + header);
    }
    assertRows(expected, PerImageOutput.rows(csv, "csv"), "csv");
  }

  @Test
  void multiclassSummaryAndPerImageParquetFollowTheSpec() {
    JsonNode expected = ReferenceData.expected("mc_public");
    Path out = multiclassRun("multiclass-defaults");
    JsonNode s = CliRun.summary(out);
    assertEquals("multiclass", s.get("task").textValue());
    assertIntegral(expected.get("images").asLong(), s.get("images"), "images");
    assertIntegral(expected.get("pixels").asLong(), s.get("pixels"), "pixels (not ignored)");
    assertIntegral(255, s.get("ignore_index"), "ignore_index");
    assertEquals(1.0, s.get("params").get("smooth").asDouble(), 0);
    assertEquals(MULTICLASS_DATASET, fieldNames(s.get("dataset")));
    assertTrue(s.get("dataset").get("lovasz_softmax_loss").isNull(), "dataset-wide Lovász not asked for: null");
    for (String key : MULTICLASS_DATASET) {
      if (!key.equals("lovasz_softmax_loss")) {
        assertValue(expected.get("dataset").get(key), s.get("dataset").get(key), key, "dataset." + key);
      }
    }
    assertEquals(List.of("lovasz_softmax_loss"), fieldNames(s.get("per_image_mean")));
    assertClose(expected.get("per_image_mean").get("lovasz_softmax_loss").asDouble(),
        s.get("per_image_mean").get("lovasz_softmax_loss").asDouble(), REL, "per_image_mean.lovasz_softmax_loss");
    assertEquals(PER_CLASS, fieldNames(s.get("per_class")));
    for (String key : PER_CLASS) {
      for (int c = 0; c < 5; c++) {
        assertValue(expected.get("per_class").get(key).get(c), s.get("per_class").get(key).get(c), key,
            "per_class." + key + "[" + c + "]");
      }
    }
    for (int t = 0; t < 5; t++) {
      for (int p = 0; p < 5; p++) {
        assertIntegral(expected.get("confusion_matrix").get(t).get(p).asLong(), s.get("confusion_matrix").get(t).get(p),
            "confusion_matrix[" + t + "][" + p + "]");
      }
    }
    assertIntegral(0, s.get("rejected").get("count"), "rejected.count");
    assertPerImageSchema(out, expected.get("per_image"));
    assertRows(expected.get("per_image"), PerImageOutput.rows(out, "parquet"), "parquet");
  }

  /** per_image/'s Parquet schema: image_id (string), pixels (long) first; every reference key a column of its type. */
  private static void assertPerImageSchema(Path out, JsonNode expectedPerImage) {
    StructType schema = TestSpark.get().read().parquet(out.resolve("per_image").toString()).schema();
    List<String> columns = List.of(schema.fieldNames());
    assertEquals(List.of("image_id", "pixels"), columns.subList(0, 2), schema.treeString());
    assertEquals(DataTypes.StringType, schema.apply("image_id").dataType());
    for (String key : fieldNames(expectedPerImage.elements().next())) {
      assertTrue(columns.contains(key), "per_image/ has no column " + key + ": " + columns);
      DataType want = COUNTS.contains(key) ? DataTypes.LongType : DataTypes.DoubleType;
      assertEquals(want, schema.apply(key).dataType(), key);
    }
  }

  /** Every per-image value of expected.json in {@code rows} (values as text, by image_id). */
  private static void assertRows(JsonNode expected, Map<String, Map<String, String>> rows, String format) {
    assertEquals(expected.size(), rows.size(), format);
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> image = it.next();
      Map<String, String> row = rows.get(image.getKey());
      for (String key : fieldNames(image.getValue())) {
        String where = format + " " + image.getKey() + "." + key;
        JsonNode want = image.getValue().get(key);
        if (COUNTS.contains(key)) {
          assertEquals(want.asLong(), Long.parseLong(row.get(key)), where);
        } else {
          assertClose(want.asDouble(), Double.parseDouble(row.get(key)), REL, where);
        }
      }
    }
  }

  /** A count is an integral JSON number (23482, not 23482.0); a metric a double within REL, or null as expected. */
  private static void assertValue(JsonNode expected, JsonNode actual, String key, String where) {
    if (expected.isNull()) {
      assertTrue(actual.isNull(), where + " is null: " + actual);
    } else if (COUNTS.contains(key)) {
      assertIntegral(expected.asLong(), actual, where);
    } else {
      assertTrue(actual.isDouble(), where + " is a double: " + actual);
      assertClose(expected.asDouble(), actual.asDouble(), REL, where);
    }
  }

  private static void assertIntegral(long expected, JsonNode actual, String where) {
    assertTrue(actual.isIntegralNumber(), where + " is an integer: " + actual);
    assertEquals(expected, actual.asLong(), where);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<Path> partFiles(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }
}
