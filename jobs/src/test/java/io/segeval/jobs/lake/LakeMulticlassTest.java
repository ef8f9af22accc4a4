package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.assertSameValues;
import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.jobs.lake.LakeRuns.group;
import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.PerClassColumn;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mc_public packed into tables: arrays with a channels column, and NPY/PNG bytes from two "models"
 * grouped in one run, give the folders' numbers, per group too (confusion matrix, per-class values,
 * dataset-wide Lovász-softmax); {@code OUTPUT/metrics/} and the history hold summary.json's
 * per-class values, with the class names when given.
 */
class LakeMulticlassTest {
  private static final Path DATA = ReferenceData.dir("mc_public");
  private static final JsonNode EXPECTED = ReferenceData.expected("mc_public");
  private static final String NAMES = "background,road,car,person,sky";

  @TempDir static Path tmp;
  private static Path history; // the folders' run (no class names), then the grouped run (names)
  private static JsonNode folders;
  private static JsonNode grouped; // two model tables grouped by model

  static String[] evaluate(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate", "--task", "multiclass", "--num-classes", "5",
        "--output", output.toString(), "--lovasz", "both"}, more);
  }

  @BeforeAll
  static void runOnce() {
    history = tmp.resolve("history");
    Path out = tmp.resolve("folders");
    expect(0, evaluate(out, "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString(),
        "--history", history.toString()));
    folders = CliRun.summary(out);
    assertSameValues(EXPECTED.get("dataset"), folders.get("dataset"), 1e-9, "folders");
    Path a = LakeRuns.pack(DATA, tmp.resolve("model_a"), "--set", "model=a");
    Path b = LakeRuns.pack(DATA, tmp.resolve("model_b"), "--set", "model=b");
    Path g = tmp.resolve("grouped");
    expect(0, evaluate(g, "--table", a.toString(), "--table", b.toString(), "--group-by", "model",
        "--class-names", NAMES, "--history", history.toString()));
    grouped = CliRun.summary(g);
  }

  @Test
  void arraysTableGivesTheFolderNumbers() {
    Path table = LakeRuns.pack(DATA, tmp.resolve("arrays"), "--as-arrays");
    Path out = tmp.resolve("arrays-run");
    expect(0, evaluate(out, "--table", table.toString()));
    JsonNode s = CliRun.summary(out);
    assertEquals(10, s.get("images").asLong());
    for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
      assertSameValues(folders.get(section), s.get(section), 1e-12, section);
    }
    assertSameValues(EXPECTED.get("per_class"), s.get("per_class"), 1e-9, "per_class");
    assertSameValues(EXPECTED.get("confusion_matrix"), s.get("confusion_matrix"), 0, "confusion_matrix");
  }

  @Test
  void aTableOfFileBytesAndOneOfArraysAreRefusedTogetherNamingBoth() {
    Path bytes = tmp.resolve("model_a");
    Path arrays = LakeRuns.pack(DATA, tmp.resolve("arrays-beside-bytes"), "--as-arrays");
    CliRun run = expect(2, evaluate(tmp.resolve("mixed-layouts"), "--table", bytes.toString(), "--table", arrays.toString()));
    assertEquals("segeval: --table: column 'pred' holds file bytes (binary) in " + bytes + " but arrays (array) in "
        + arrays + "; evaluate the tables apart, or pack them alike (both with or both without --as-arrays)",
        run.err().lines().findFirst().orElse(""), run.err());
    assertFalse(tmp.resolve("mixed-layouts").toFile().exists());
  }

  @Test
  void aNullScoreIsABadRecordNamedWithItsChannelAndPixel() {
    Path arrays = LakeRuns.pack(DATA, tmp.resolve("arrays-for-nulls"), "--as-arrays");
    Dataset<Row> rows = TestSpark.get().read().parquet(arrays.toString());
    String id = rows.where("height >= 2 AND width >= 4").select("image_id").orderBy("image_id").as(Encoders.STRING())
        .first();
    Path table = tmp.resolve("null-score");
    // channel 2, row 1, col 3 of the channel-major (C, H, W) scores
    rows.withColumn("pred", functions.expr("CASE WHEN image_id = '" + id + "' THEN transform(pred, (x, i) ->"
        + " IF(i = 2 * height * width + width + 3, NULL, x)) ELSE pred END")).write().parquet(table.toString());
    CliRun run = expect(1, evaluate(tmp.resolve("null-score-out"), "--table", table.toString()));
    String line = run.err().lines().findFirst().orElse("");
    assertTrue(line.startsWith("segeval: image '" + id + "' (") && line.contains(table.toUri().getPath())
        && line.endsWith(".parquet [pred]): null prediction value at (channel 2, row 1, col 3)"), run.err());
  }

  @Test
  void twoModelTablesGroupedGiveEachModelTheFolderNumbers() {
    JsonNode s = grouped;
    assertEquals(20, s.get("images").asLong());
    assertEquals(2 * folders.get("confusion_matrix").get(1).get(1).asLong(), s.get("confusion_matrix").get(1).get(1).asLong());
    for (String model : new String[] {"a", "b"}) {
      JsonNode g = group(s, "model", model);
      assertEquals(10, g.get("images").asLong());
      for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
        assertSameValues(folders.get(section), g.get(section), 1e-12, model + " " + section);
      }
    }
  }

  @Test
  void metricsOfTheRunHoldSummaryJsonsPerClassAndConfusionMatrix() {
    Dataset<Row> metrics = PerClassColumn.metrics(tmp.resolve("folders"));
    assertEquals(PerClassColumn.TYPE, metrics.schema().apply("per_class").dataType());
    List<Row> rows = metrics.collectAsList();
    assertEquals(1, rows.size());
    List<Row> perClass = PerClassColumn.cell(rows.get(0));
    PerClassColumn.assertPerClass(folders, null, perClass, "metrics/");
    for (int c = 0; c < perClass.size(); c++) {
      assertClose(EXPECTED.get("per_class").get("iou").get(c).asDouble(), perClass.get(c).<Double>getAs("iou"), 1e-9, "iou");
    }
    assertEquals(folders.get("confusion_matrix").toString(), confusionMatrixJson(metrics).get(0));
  }

  @Test
  void metricsOfTheGroupsHoldEachGroupsPerClassWithTheClassNames() {
    Dataset<Row> metrics = PerClassColumn.metrics(tmp.resolve("grouped"));
    List<Row> rows = metrics.collectAsList();
    assertEquals(List.of("a", "b"), rows.stream().map(r -> r.<String>getAs("model")).toList());
    for (Row r : rows) {
      JsonNode g = group(grouped, "model", r.getAs("model"));
      PerClassColumn.assertPerClass(g, grouped.get("class_names"), PerClassColumn.cell(r), "metrics/ model " + r.getAs("model"));
    }
    List<String> matrices = confusionMatrixJson(metrics);
    assertEquals(List.of(group(grouped, "model", "a").get("confusion_matrix").toString(),
        group(grouped, "model", "b").get("confusion_matrix").toString()), matrices);
  }

  /** {@code confusion_matrix} of each row as JSON, as summary.json writes it compactly. */
  private static List<String> confusionMatrixJson(Dataset<Row> metrics) {
    return metrics.select(functions.to_json(functions.col("confusion_matrix"))).as(Encoders.STRING()).collectAsList();
  }

  @Test
  void aBinaryRunIsRefusedAMulticlassHistoryBeforeAnyWork() {
    long rows = TestSpark.get().read().parquet(history.toString()).count();
    Path bin = ReferenceData.dir("bin_public");
    Path out = tmp.resolve("binary-into-mc-history");
    CliRun run = expect(2, "evaluate", "--pred", bin.resolve("pred").toString(), "--target",
        bin.resolve("mask").toString(), "--output", out.toString(), "--history", history.toString());
    assertTrue(run.err().startsWith("segeval: --history " + history + " holds multiclass runs (_segeval-task)"), run.err());
    assertTrue(run.err().contains("this run is binary: keep one history table per task"), run.err());
    assertFalse(out.toFile().exists(), "refused before the evaluation");
    assertEquals(rows, TestSpark.get().read().parquet(history.toString()).count(), "nothing appended");
  }

  @Test
  void historyRowsExplodeIntoSummaryJsonsPerClassOfTheRunsAndGroups() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> table = spark.read().parquet(history.toString());
    assertEquals(PerClassColumn.TYPE, table.schema().apply("per_class").dataType());
    assertFalse(List.of(table.columns()).contains("confusion_matrix"), "C² values stay in metrics/");
    assertEquals(0, table.where("gates_missed IS NOT NULL").count(), "runs without gates have no gate results");
    table.createOrReplaceTempView("mc_history");
    List<Row> classes = spark.sql("SELECT output, group_key['model'] AS model, pc.* FROM mc_history"
        + " LATERAL VIEW explode(per_class) AS pc").collectAsList();
    assertEquals(5 * (1 + 3), classes.size(), "5 classes of the folders' run, of the grouped run and its 2 groups");
    for (Row r : classes) {
      boolean named = r.<String>getAs("output").endsWith("/grouped");
      String model = r.getAs("model");
      JsonNode run = named ? grouped : folders;
      PerClassColumn.assertClass(model == null ? run : group(run, "model", model), named ? grouped.get("class_names")
          : null, r, "history " + r.getAs("output") + " model " + model);
    }
    // docs/lake.md's query: a class across runs, by name, per model
    List<Row> car = spark.sql("SELECT date, start_time, group_key['model'] AS model, pc.iou AS car_iou"
        + " FROM parquet.`" + history + "` LATERAL VIEW explode(per_class) AS pc"
        + " WHERE group_key IS NOT NULL AND pc.class_name = 'car' ORDER BY date, model").collectAsList();
    assertEquals(List.of("a", "b"), car.stream().map(r -> r.<String>getAs("model")).toList());
    for (Row r : car) {
      assertEquals(group(grouped, "model", r.getAs("model")).get("per_class").get("iou").get(2).doubleValue(),
          r.<Double>getAs("car_iou"));
    }
    // by class id, which runs without names have too; inline gives the struct's fields as columns
    List<Row> byId = spark.sql("SELECT output, iou FROM mc_history LATERAL VIEW inline(per_class) c"
        + " WHERE group_key IS NULL AND class_id = 2 ORDER BY start_time").collectAsList();
    assertEquals(2, byId.size());
    for (Row r : byId) {
      assertEquals(folders.get("per_class").get("iou").get(2).doubleValue(), r.<Double>getAs("iou"), r.toString());
    }
  }
}
