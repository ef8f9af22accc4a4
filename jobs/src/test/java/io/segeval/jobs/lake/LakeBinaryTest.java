package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.assertSameValues;
import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.jobs.lake.LakeRuns.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-lake workflows on bin_public: pack the folders into tables (NPY/PNG bytes, arrays),
 * evaluate the tables with groups, history and quality gates, and get the folders' numbers.
 */
class LakeBinaryTest {
  private static final Path DATA = ReferenceData.dir("bin_public");
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");

  @TempDir static Path tmp;
  private static Path bytesTable;
  private static Path arrayTable;
  private static JsonNode folders; // the folders, grouped by image_dir
  private static JsonNode grouped; // the bytes table grouped by model and image_dir, with history
  private static Path history;

  static String[] evaluate(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate", "--output", output.toString(), "--tversky-alpha", "0.3",
        "--tversky-beta", "0.7", "--lovasz", "both", "--per-image-format", "json"}, more);
  }

  @BeforeAll
  static void runOnce() {
    bytesTable = LakeRuns.pack(DATA, tmp.resolve("bytes"), "--set", "model=unet-v3", "--set", "split=val");
    arrayTable = LakeRuns.pack(DATA, tmp.resolve("arrays"), "--as-arrays", "--partitions", "3");
    Path out = tmp.resolve("folders");
    expect(0, evaluate(out, "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString(),
        "--group-by", "image_dir"));
    folders = CliRun.summary(out);
    history = tmp.resolve("history");
    Path g = tmp.resolve("grouped");
    CliRun run = expect(0, evaluate(g, "--table", bytesTable.toString(), "--group-by", "model,image_dir",
        "--history", history.toString(), "--fail-over", "bce=10,lovasz_hinge_loss=10,per_image_mean.lovasz_hinge_loss=10"));
    assertTrue(run.out().contains("by model, image_dir (2 groups"), run.out());
    grouped = CliRun.summary(g);
  }

  @Test
  void foldersAndBothTableFormsGiveTheReferenceNumbers() {
    Path out = tmp.resolve("arrays-run");
    expect(0, evaluate(out, "--table", arrayTable.toString()));
    JsonNode arrays = CliRun.summary(out);
    assertEquals("logits", arrays.get("input").asText());
    for (JsonNode s : List.of(folders, grouped, arrays)) {
      assertEquals(16, s.get("images").asLong());
      assertSameValues(EXPECTED.get("dataset"), s.get("dataset"), 1e-9, "dataset");
      assertSameValues(EXPECTED.get("per_image_mean"), s.get("per_image_mean"), 1e-9, "per_image_mean");
      assertSameValues(folders.get("dataset"), s.get("dataset"), 1e-12, "dataset vs folders");
      assertSameValues(folders.get("per_image_mean"), s.get("per_image_mean"), 1e-12, "per_image_mean vs folders");
    }
    Map<String, JsonNode> rows = CliRun.jsonLines(out.resolve("per_image"), "image_id");
    EXPECTED.get("per_image").fields().forEachRemaining(e ->
        assertSameValues(e.getValue(), rows.get(e.getKey()), 1e-9, "per_image." + e.getKey()));
  }

  @Test
  void byteMasksAreReadUnsignedAndArraysThatMayHoldNullsAsDoubles() {
    // targets as array<tinyint> with 255 (stored as -1) for foreground; predictions typed nullable
    Path table = tmp.resolve("byte-masks");
    TestSpark.get().read().parquet(arrayTable.toString())
        .withColumn("target", org.apache.spark.sql.functions.expr(
            "transform(target, v -> CAST(IF(v > 0, -1, 0) AS TINYINT))"))
        .withColumn("pred", org.apache.spark.sql.functions.expr("transform(pred, v -> IF(v IS NULL, NULL, v))"))
        .write().parquet(table.toString());
    Path out = tmp.resolve("byte-masks-out");
    expect(0, evaluate(out, "--table", table.toString()));
    JsonNode s = CliRun.summary(out);
    assertEquals(16, s.get("images").asLong());
    assertSameValues(folders.get("dataset"), s.get("dataset"), 1e-12, "dataset vs folders");
    assertSameValues(folders.get("per_image_mean"), s.get("per_image_mean"), 1e-12, "per_image_mean vs folders");
  }

  @Test
  void groupsOfTheTableAreTheGroupsOfTheFoldersAndOfSeparateRuns() {
    assertEquals(List.of("image_dir"), List.of(folders.get("group_by").get(0).asText()));
    Path sub = tmp.resolve("sub_a");
    expect(0, evaluate(sub, "--pred", DATA.resolve("pred/sub_a").toString(),
        "--target", DATA.resolve("mask/sub_a").toString()));
    JsonNode alone = CliRun.summary(sub);
    JsonNode folderSub = group(folders, "image_dir", "sub_a");
    assertEquals(3, folderSub.get("images").asLong());
    assertEquals(13, group(folders, "image_dir", "").get("images").asLong());
    assertSameValues(alone.get("dataset"), folderSub.get("dataset"), 1e-12, "sub_a alone vs group");
    assertSameValues(alone.get("per_image_mean"), folderSub.get("per_image_mean"), 1e-12, "sub_a alone vs group");
    assertTrue(folderSub.get("dataset").get("lovasz_hinge_loss").isNumber());
    // per_image/ in group order, then image_id: "" (the 13 top-level images) before sub_a/, unsorted by Spark
    List<String> order = new java.util.ArrayList<>();
    CliRun.jsonLines(tmp.resolve("folders/per_image"), "image_id")
        .forEach((id, row) -> order.add(row.get("image_dir").asText() + "\t" + id)); // a tab sorts first
    assertEquals(16, order.size());
    assertEquals(order.stream().sorted().toList(), order);
    assertEquals("sub_a\tsub_a/img_015", order.get(15));
    for (String dir : List.of("", "sub_a")) {
      JsonNode f = group(folders, "image_dir", dir);
      JsonNode t = group(grouped, "model", "unet-v3", "image_dir", dir);
      assertSameValues(f.get("dataset"), t.get("dataset"), 1e-12, "group " + dir);
      assertSameValues(f.get("per_image_mean"), t.get("per_image_mean"), 1e-12, "group " + dir);
    }
  }

  @Test
  void aHistoryPathThatCannotTakeTheRunIsRefusedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(tmp.resolve("history-file"), "x");
    Path notes = Files.createDirectories(tmp.resolve("history-notes"));
    Files.writeString(notes.resolve("notes.txt"), "x");
    for (Path h : List.of(file, notes)) {
      Path out = tmp.resolve("history-refused");
      CliRun run = expect(2, evaluate(out, "--table", bytesTable.toString(), "--history", h.toString()));
      assertTrue(run.err().startsWith("segeval: --history " + h), run.err());
      assertTrue(Files.notExists(out), "refused before the evaluation");
    }
  }

  @Test
  void aNullGroupComesLastEverywhere() {
    // half the images without a model: their group is null, listed after the named one
    Path table = tmp.resolve("null-model");
    Dataset<Row> rows = TestSpark.get().read().parquet(arrayTable.toString());
    String middle = rows.orderBy("image_id").collectAsList().get((int) rows.count() / 2).getAs("image_id");
    rows.withColumn("model", org.apache.spark.sql.functions.when(rows.col("image_id").lt(middle), "m"))
        .write().parquet(table.toString());
    Path out = tmp.resolve("null-model-out");
    expect(0, evaluate(out, "--table", table.toString(), "--group-by", "model"));
    JsonNode groups = CliRun.summary(out).get("groups");
    assertEquals("m", groups.get(0).get("key").get("model").asText());
    assertTrue(groups.get(1).get("key").get("model").isNull(), groups.toString());
    List<Row> perImage = TestSpark.get().read().json(out.resolve("per_image").toString()).collectAsList();
    assertEquals("m", perImage.get(0).getAs("model"));
    assertTrue(perImage.get(perImage.size() - 1).isNullAt(perImage.get(0).fieldIndex("model")), "null group last");
  }

  @Test
  void labelArraysAndScoreArraysInOneRunNeedInput() {
    // the masks as perfect label predictions: array<int>, beside the logits' array<double>
    Path labels = tmp.resolve("label-arrays");
    expect(0, "pack", "--as-arrays", "--pred", DATA.resolve("mask").toString(), "--target",
        DATA.resolve("mask").toString(), "--output", labels.toString());
    CliRun run = expect(2, evaluate(tmp.resolve("mixed"), "--table", labels.toString(), "--table", arrayTable.toString()));
    assertEquals("segeval: --table: the predictions are integer arrays (labels) in " + labels
        + " (array<int>) but not in " + arrayTable + " (array<double>); say what they hold with --input, or evaluate"
        + " the tables apart", run.err().lines().findFirst().orElse(""));
    // alone, the label table is read as labels: a perfect score
    Path alone = tmp.resolve("labels-alone");
    expect(0, evaluate(alone, "--table", labels.toString()));
    assertEquals(1.0, CliRun.summary(alone).get("dataset").get("hard_dice").asDouble());
  }

  @Test
  void aBytesTableAndAnArraysTableInOneRunAreRefusedNamingBoth() {
    // pack and pack --as-arrays: binary and array<double> have no common type for the union
    Path out = tmp.resolve("bytes-and-arrays");
    CliRun run = expect(2, evaluate(out, "--table", bytesTable.toString(), "--table", arrayTable.toString()));
    assertEquals("segeval: --table: column 'pred' holds file bytes (binary) in " + bytesTable + " but arrays (array) in "
        + arrayTable + "; evaluate the tables apart, or pack them alike (both with or both without --as-arrays)",
        run.err().lines().findFirst().orElse(""));
    assertTrue(Files.notExists(out), "refused before any work");
    // another column whose types do not union (model: a string, an array): Spark's reason, with the tables
    Path intModel = tmp.resolve("array-model");
    TestSpark.get().read().parquet(bytesTable.toString()).withColumn("model",
        org.apache.spark.sql.functions.array(org.apache.spark.sql.functions.lit(3))).write().parquet(intModel.toString());
    CliRun other = expect(2, evaluate(out, "--table", bytesTable.toString(), "--table", intModel.toString()));
    String first = other.err().lines().findFirst().orElse("");
    assertTrue(first.startsWith("segeval: --table: " + intModel + " cannot be read with " + bytesTable
        + " (their columns are unioned by name): [INCOMPATIBLE_COLUMN_TYPE]"), first);
    assertEquals(1, other.err().lines().count(), other.err());
  }

  @Test
  void metricsTableHasOneTypedRowPerGroup() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> metrics = spark.read().parquet(tmp.resolve("grouped/metrics").toString());
    assertEquals(DataTypes.StringType, metrics.schema().apply("model").dataType());
    assertEquals(DataTypes.LongType, metrics.schema().apply("tp").dataType());
    assertNoMulticlassColumns(metrics, "metrics/");
    List<Row> rows = metrics.orderBy("image_dir").collectAsList();
    assertEquals(2, rows.size());
    for (Row r : rows) {
      JsonNode g = group(grouped, "model", r.getAs("model"), "image_dir", r.getAs("image_dir"));
      assertEquals(g.get("images").asLong(), (long) r.getAs("images"));
      assertEquals(g.get("dataset").get("dice").asDouble(), (double) r.getAs("dice"));
      assertEquals(g.get("dataset").get("tp").asLong(), (long) r.getAs("tp"));
      assertEquals(g.get("per_image_mean").get("hard_dice").asDouble(), (double) r.getAs("per_image_mean_hard_dice"));
    }
  }

  private static void assertNoMulticlassColumns(Dataset<Row> table, String where) {
    List<String> columns = List.of(table.columns());
    assertTrue(!columns.contains("per_class") && !columns.contains("confusion_matrix"), where + ": " + columns);
  }

  @Test
  void historyHasARowForTheRunAndEachGroupUnderTodaysDate() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> table = spark.read().parquet(history.toString());
    assertNoMulticlassColumns(table, "history");
    List<Row> rows = table.collectAsList();
    assertEquals(3, rows.size());
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    Row run = rows.stream().filter(r -> r.isNullAt(r.fieldIndex("group_key"))).findFirst().orElseThrow();
    assertEquals(16L, (long) run.getAs("images"));
    assertEquals(0L, (long) run.getAs("rejected"));
    assertEquals(EXPECTED.get("dataset").get("dice").asDouble(), (double) run.getAs("dice"), 1e-9);
    for (Row r : rows) {
      assertEquals(today, r.getAs("date").toString());
      assertEquals(run.<String>getAs("run_id"), r.<String>getAs("run_id"));
      assertEquals("0.1.0", r.<String>getAs("segeval_version"));
      assertEquals("binary", r.<String>getAs("task"));
      assertEquals("file:" + bytesTable, r.<String>getAs("inputs"), "a full URI, as the output's");
      assertTrue(r.<String>getAs("parameters").contains("\"tversky_alpha\":0.3"), r.<String>getAs("parameters"));
      assertTrue(r.<String>getAs("parameters").endsWith("\"fail_over\":{\"bce\":10.0,\"lovasz_hinge_loss\":10.0,"
          + "\"per_image_mean.lovasz_hinge_loss\":10.0}}"), r.<String>getAs("parameters"));
      assertEquals(List.of(), r.getList(r.fieldIndex("gates_missed")), "every gate passed, on every row");
    }
    assertTrue(Files.isDirectory(history.resolve("date=" + today)));
  }

  @Test
  void summaryJsonHasGatesOnlyWhenTheRunHasAndEachGroupItsOwn() {
    assertTrue(folders.findValues("gates").isEmpty(), "no gates, no key: " + folders);
    assertEquals("{\"passed\":true,\"missed\":[]}", grouped.get("gates").toString());
    for (JsonNode g : grouped.get("groups")) {
      JsonNode gates = g.get("gates");
      assertEquals(true, gates.get("passed").asBoolean(), g.toString());
      assertEquals(List.of("bce", "lovasz_hinge_loss", "per_image_mean.lovasz_hinge_loss"),
          gates.get("checked").findValuesAsText("metric"));
      assertEquals(g.get("dataset").get("bce"), gates.get("checked").get(0).get("value"));
      assertEquals(g.get("dataset").get("lovasz_hinge_loss"), gates.get("checked").get(1).get("value"));
      assertEquals(g.get("per_image_mean").get("lovasz_hinge_loss"), gates.get("checked").get(2).get("value"));
      assertTrue(gates.get("checked").findValues("group").isEmpty(), "a group's key is its item's");
    }
  }

  @Test
  void moreThanTwentyMissedGatesAreTwentyLinesAndOneCountingTheRestAllInSummaryJson() {
    Path table = tmp.resolve("by-image");
    TestSpark.get().read().parquet(bytesTable.toString()).withColumn("shard", org.apache.spark.sql.functions.col("image_id"))
        .write().parquet(table.toString());
    Path out = tmp.resolve("by-image-gated");
    // 16 groups of one image each: images=2 and dice=1.01 miss in every one, 32 missed gates
    CliRun run = expect(3, "evaluate", "--table", table.toString(), "--output", out.toString(), "--group-by", "shard",
        "--fail-under", "images=2,dice=1.01");
    JsonNode missed = CliRun.summary(out).get("gates").get("missed");
    assertEquals(32, missed.size());
    assertEquals("images = 1 is under the minimum 2 by 1 (group shard=img_000)", missed.get(0).get("message").asText());
    assertEquals("{\"shard\":\"sub_a/img_015\"}", missed.get(31).get("group").toString());
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add("segeval: quality gate failed: " + missed.get(i).get("message").asText());
    }
    lines.add("segeval: ... and 12 more missed gates (all in " + out + "/summary.json)");
    assertEquals(lines, run.err().lines().toList());
  }

  @Test
  void aMissedGateExitsThreeAfterWritingTheResults() {
    Path out = tmp.resolve("gated");
    CliRun run = expect(3, "evaluate", "--table", arrayTable.toString(), "--output", out.toString(),
        "--tversky-alpha", "0.3", "--tversky-beta", "0.7",
        "--fail-under", "dice=0.9,hard_dice=0.5", "--fail-over", "bce=0.2,tp=30000");
    assertTrue(run.err().contains("quality gate failed: dice = 0.818882 is under the minimum 0.9 by 0.0811178"), run.err());
    assertEquals(1, run.err().lines().filter(l -> l.contains("quality gate failed")).count(), run.err());
    assertTrue(Files.exists(out.resolve("summary.json")));
    // summary.json records every gate: the values read, the missed one with its stderr message
    JsonNode gates = CliRun.summary(out).get("gates");
    assertEquals(false, gates.get("passed").asBoolean());
    assertEquals(List.of("dice", "hard_dice", "bce", "tp"),
        gates.get("checked").findValuesAsText("metric"), "in the order given: --fail-under, then --fail-over");
    assertEquals(List.of(false, true, true, true),
        gates.get("checked").findValues("passed").stream().map(JsonNode::asBoolean).toList());
    JsonNode dice = gates.get("missed").get(0);
    assertEquals(1, gates.get("missed").size());
    assertEquals("fail_under", dice.get("kind").asText());
    assertEquals(0.9, dice.get("limit").asDouble());
    assertEquals(EXPECTED.get("dataset").get("dice").asDouble(), dice.get("value").asDouble(), 1e-12);
    assertEquals(run.err().lines().filter(l -> l.contains("quality gate failed")).toList(),
        List.of("segeval: quality gate failed: " + dice.get("message").asText()));
    JsonNode tp = gates.get("checked").get(3);
    assertEquals("fail_over", tp.get("kind").asText());
    assertTrue(tp.get("value").isIntegralNumber() && tp.get("limit").isIntegralNumber(), "counts as whole numbers: " + tp);
    assertEquals(EXPECTED.get("dataset").get("tp").asLong(), tp.get("value").asLong());
    assertEquals(30000, tp.get("limit").asLong());
    assertEquals(EXPECTED.get("dataset").get("bce").asDouble(), gates.get("checked").get(2).get("value").asDouble(), 1e-12);
    expect(2, "evaluate", "--table", arrayTable.toString(), "--output", tmp.resolve("x").toString(),
        "--fail-under", "dice_loss=0.2");
  }

  @Test
  void badRowsFollowTheBadRecordPolicyAndNameTheImage() {
    SparkSession spark = TestSpark.get();
    Path bad = tmp.resolve("bad");
    spark.read().parquet(bytesTable.toString()).selectExpr("image_id", "pred", "target", "model")
        .unionByName(spark.sql("SELECT 'broken' AS image_id, CAST('not an npy' AS BINARY) AS pred, "
            + "CAST(NULL AS BINARY) AS target, 'x' AS model UNION ALL SELECT 'garbled', CAST('garbage bytes' AS BINARY), "
            + "CAST('more garbage' AS BINARY), 'x'"))
        .write().parquet(bad.toString());
    Path out = tmp.resolve("bad-skip");
    expect(0, "evaluate", "--table", bad.toString(), "--output", out.toString(), "--on-bad-record", "skip",
        "--input", "logits");
    JsonNode s = CliRun.summary(out);
    assertEquals(16, s.get("images").asLong());
    assertEquals(2, s.get("rejected").get("count").asLong());
    String items = s.get("rejected").get("items").toString();
    assertTrue(items.contains("\"image_id\":\"broken\"") && items.contains("the target column 'target' is null"), items);
    for (JsonNode item : s.get("rejected").get("items")) {
      if (item.get("image_id").asText().equals("broken")) {
        assertTrue(item.get("file").asText().endsWith(".parquet [target]"), "the target cell is named: " + item);
      }
    }
    assertTrue(items.contains("\"image_id\":\"garbled\"") && items.contains("neither NPY nor PNG"), items);
    // the same without --input: the kind is inferred from the first row, and a cell of neither kind
    // is still that row's bad record, not the run's end
    Path inferred = tmp.resolve("bad-skip-inferred");
    expect(0, "evaluate", "--table", bad.toString(), "--output", inferred.toString(), "--on-bad-record", "skip");
    assertEquals(s.get("rejected").get("items"), CliRun.summary(inferred).get("rejected").get("items"));
    // a group column may have the name of one of SegEval's inner columns (groupKey)
    Path renamed = tmp.resolve("bad-group-key");
    spark.read().parquet(bad.toString()).withColumnRenamed("model", "groupKey").write().parquet(renamed.toString());
    Path grouped = tmp.resolve("bad-skip-group-key");
    expect(0, "evaluate", "--table", renamed.toString(), "--output", grouped.toString(), "--on-bad-record", "skip",
        "--group-by", "groupKey");
    for (JsonNode item : CliRun.summary(grouped).get("rejected").get("items")) {
      assertEquals("{\"groupKey\":\"x\"}", item.get("group").toString(), item.toString());
    }
    CliRun fail = expect(1, "evaluate", "--table", bad.toString(), "--output", tmp.resolve("bad-fail").toString(),
        "--input", "logits");
    assertTrue(fail.err().contains("image 'broken'") || fail.err().contains("image 'garbled'"), fail.err());
  }

  @Test
  void aNullArrayElementIsABadRecordNamedWithItsPositionAsNull() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> rows = spark.read().parquet(arrayTable.toString());
    List<String> ids = rows.where("height >= 2 AND width >= 3").select("image_id").orderBy("image_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().subList(0, 2);
    Path table = tmp.resolve("null-elements");
    rows.withColumn("pred", org.apache.spark.sql.functions.expr("CASE WHEN image_id = '" + ids.get(0)
            + "' THEN transform(pred, (x, i) -> IF(i = 1, NULL, x)) ELSE pred END"))
        .withColumn("target", org.apache.spark.sql.functions.expr("CASE WHEN image_id = '" + ids.get(1)
            + "' THEN transform(target, (x, i) -> IF(i = width + 2, NULL, x)) ELSE target END"))
        .write().parquet(table.toString());
    Path out = tmp.resolve("null-elements-skip");
    expect(0, "evaluate", "--table", table.toString(), "--output", out.toString(), "--on-bad-record", "skip");
    JsonNode rejected = CliRun.summary(out).get("rejected");
    assertEquals(2, rejected.get("count").asLong());
    JsonNode pred = rejected.get("items").get(0);
    JsonNode target = rejected.get("items").get(1);
    assertEquals(ids.get(0) + ": null prediction value at (row 0, col 1)",
        pred.get("image_id").asText() + ": " + pred.get("reason").asText());
    assertTrue(pred.get("file").asText().endsWith(".parquet [pred]"), "the prediction's cell: " + pred);
    assertEquals(ids.get(1) + ": null target value at (row 1, col 2)",
        target.get("image_id").asText() + ": " + target.get("reason").asText());
    assertTrue(target.get("file").asText().endsWith(".parquet [target]"), "the target's cell: " + target);
    assertEquals("{\"null prediction value at (row #, col #)\":1,\"null target value at (row #, col #)\":1}",
        rejected.get("by_reason").toString());
  }

  /**
   * The null test scans each cell once for a value no real image holds (-Double.MIN_VALUE, or
   * -Float.MIN_VALUE in a float cell) and searches element by element only where that scan cannot
   * tell: a cell holding that value and a null is still refused at the null's position, one holding
   * it without a null is evaluated. Float targets give the folders' numbers.
   */
  @Test
  void aCellHoldingTheValueTheNullTestLooksForIsStillSearchedForNulls() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> rows = spark.read().parquet(arrayTable.toString())
        .withColumn("target", org.apache.spark.sql.functions.expr("CAST(target AS ARRAY<FLOAT>)"));
    Path floats = tmp.resolve("float-targets");
    rows.write().parquet(floats.toString());
    Path floatsOut = tmp.resolve("float-targets-out");
    expect(0, evaluate(floatsOut, "--table", floats.toString()));
    assertSameValues(folders.get("dataset"), CliRun.summary(floatsOut).get("dataset"), 1e-12, "float targets vs folders");

    List<String> ids = rows.where("height >= 2 AND width >= 3").select("image_id").orderBy("image_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().subList(0, 3);
    Path table = tmp.resolve("absent-values");
    rows.withColumn("pred", org.apache.spark.sql.functions.expr("CASE WHEN image_id = '" + ids.get(0)
            + "' THEN transform(pred, (x, i) -> CASE i WHEN 0 THEN -4.9E-324D WHEN 1 THEN NULL ELSE x END)"
            + " WHEN image_id = '" + ids.get(2) + "' THEN transform(pred, (x, i) -> IF(i = 0, -4.9E-324D, x))"
            + " ELSE pred END"))
        .withColumn("target", org.apache.spark.sql.functions.expr("CASE WHEN image_id = '" + ids.get(1)
            + "' THEN transform(target, (x, i) -> CASE WHEN i = 0 THEN CAST(-1.4E-45 AS FLOAT)"
            + " WHEN i = width + 2 THEN NULL ELSE x END) ELSE target END"))
        .write().parquet(table.toString());
    Path out = tmp.resolve("absent-values-skip");
    expect(0, "evaluate", "--table", table.toString(), "--output", out.toString(), "--on-bad-record", "skip");
    JsonNode summary = CliRun.summary(out);
    assertEquals(14, summary.get("images").asLong(), "the row holding the value without a null is evaluated");
    JsonNode rejected = summary.get("rejected");
    assertEquals(2, rejected.get("count").asLong());
    JsonNode pred = rejected.get("items").get(0);
    JsonNode target = rejected.get("items").get(1);
    assertEquals(ids.get(0) + ": null prediction value at (row 0, col 1)",
        pred.get("image_id").asText() + ": " + pred.get("reason").asText());
    assertEquals(ids.get(1) + ": null target value at (row 1, col 2)",
        target.get("image_id").asText() + ": " + target.get("reason").asText());
  }

  /** A bigint height beyond an int failed its cast in the task, and the whole job with Spark's CAST_OVERFLOW. */
  @Test
  void aDimensionBeyondAnIntIsABadRecordOfItsRow() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> rows = spark.read().parquet(arrayTable.toString());
    String id = rows.select("image_id").orderBy("image_id").as(org.apache.spark.sql.Encoders.STRING()).first();
    Path table = tmp.resolve("huge-height");
    rows.withColumn("height", org.apache.spark.sql.functions.expr("CASE WHEN image_id = '" + id
            + "' THEN CAST(height AS BIGINT) + 4294967296 ELSE CAST(height AS BIGINT) END"))
        .write().parquet(table.toString());
    long height = rows.where("image_id = '" + id + "'").select("height").first().getInt(0) + 4294967296L;
    Path out = tmp.resolve("huge-height-skip");
    expect(0, "evaluate", "--table", table.toString(), "--output", out.toString(), "--on-bad-record", "skip");
    JsonNode rejected = CliRun.summary(out).get("rejected");
    assertEquals(1, rejected.get("count").asLong());
    assertEquals(id + ": the 'height' column holds " + height + ", out of range for an image dimension",
        rejected.get("items").get(0).get("image_id").asText() + ": " + rejected.get("items").get(0).get("reason").asText());
    assertEquals("{\"the 'height' column holds #, out of range for an image dimension\":1}",
        rejected.get("by_reason").toString());

    Path fractional = tmp.resolve("double-channels");
    rows.withColumn("channels", org.apache.spark.sql.functions.lit(1.5)).write().parquet(fractional.toString());
    CliRun run = expect(2, "evaluate", "--table", fractional.toString(), "--output", tmp.resolve("dc").toString());
    assertEquals("segeval: --table: the 'channels' column must hold integers, it is double",
        run.err().lines().findFirst().orElse(""), run.err());
  }

  @Test
  void rowsSharingAnImageIdAreBadRecordsAllOfThem() {
    SparkSession spark = TestSpark.get();
    Dataset<Row> table = spark.read().parquet(bytesTable.toString())
        .selectExpr("image_id", "pred", "target", "model", "split");
    String[] ids = table.select("image_id").orderBy("image_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().toArray(new String[0]);
    // the first image three times, the second twice; the same rows again as another model
    Path dup = tmp.resolve("dup");
    Dataset<Row> copies = table.where("image_id = '" + ids[0] + "'").unionByName(table.where("image_id = '" + ids[0] + "'"))
        .unionByName(table.where("image_id = '" + ids[1] + "'"));
    table.unionByName(copies).unionByName(table.withColumn("model", org.apache.spark.sql.functions.lit("unet-v4")))
        .repartition(3).write().parquet(dup.toString());

    Path out = tmp.resolve("dup-skip");
    expect(0, "evaluate", "--table", dup.toString(), "--output", out.toString(), "--on-bad-record", "skip",
        "--group-by", "model,split");
    JsonNode s = CliRun.summary(out);
    assertEquals(2 * 16 - 2, s.get("images").asLong());
    assertEquals(5, s.get("rejected").get("count").asLong());
    // each row named with its group, as the quality gates name groups; counted under one class
    Map<String, Long> reasons = new java.util.TreeMap<>();
    for (JsonNode item : s.get("rejected").get("items")) {
      reasons.merge(item.get("image_id").asText() + ": " + item.get("reason").asText(), 1L, Long::sum);
    }
    assertEquals(Map.of(ids[0] + ": 3 rows share this image_id in group model=unet-v3, split=val", 3L,
        ids[1] + ": 2 rows share this image_id in group model=unet-v3, split=val", 2L), reasons);
    assertEquals("{\"# rows share this image_id in group model=#, split=#\":5}", s.get("rejected").get("by_reason").toString());
    String items = s.get("rejected").get("items").toString();
    assertTrue(items.contains(dup.toUri().getPath()) && items.contains(".parquet [pred]"), "each row named by its file: " + items);
    // and counted in their group, the others skipping none
    for (JsonNode g : s.get("groups")) {
      boolean theirs = g.get("key").toString().equals("{\"model\":\"unet-v3\",\"split\":\"val\"}");
      assertEquals(theirs ? 5 : 0, g.get("rejected").asLong(), g.get("key").toString());
    }

    // without groups the two models' rows collide: every image is there twice or more
    CliRun fail = expect(1, "evaluate", "--table", dup.toString(), "--output", tmp.resolve("dup-fail").toString());
    assertTrue(fail.err().matches("(?s)segeval: image '[^']*' \\([^)]*\\): [0-9]+ rows share this image_id\n.*"), fail.err());
  }

  @Test
  void tableOptionsAreCheckedAgainstTheTable() {
    CliRun both = expect(2, "evaluate", "--table", bytesTable.toString(), "--pred", "x", "--target", "y",
        "--output", tmp.resolve("o1").toString());
    assertTrue(both.err().contains("--table replaces --pred and --target"), both.err());
    CliRun col = expect(2, "evaluate", "--table", bytesTable.toString(), "--pred-col", "logits",
        "--output", tmp.resolve("o2").toString());
    assertTrue(col.err().contains("--pred-col: the table has no column 'logits'"), col.err());
    assertTrue(col.err().contains("(columns: image_id, pred, target, model, split)"), "only the table's own columns: " + col.err());
    CliRun group = expect(2, "evaluate", "--table", bytesTable.toString(), "--group-by", "site",
        "--output", tmp.resolve("o3").toString());
    assertTrue(group.err().contains("no column 'site' (available: model, split, image_dir)"), group.err());
  }
}
