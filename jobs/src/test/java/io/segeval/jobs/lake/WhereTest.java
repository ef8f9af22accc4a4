package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.assertSameValues;
import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.jobs.lake.LakeRuns.group;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.MaskCodecs;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.config.TableInput;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.TableInputs;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --where} on a nightly table of three checkpoints (partitioned by {@code checkpoint}, the
 * same 16 images each, with other predictions): one checkpoint gives exactly the numbers of a table
 * of its rows alone, the partition filter prunes, and bad conditions are refused in one line.
 */
class WhereTest {
  private static final Path DATA = ReferenceData.dir("bin_public");
  private static final String EP40 = "checkpoint = 'ep40'";
  private static final String GLOB_INSTEAD = "--where applies to --table input only; to evaluate some prediction"
      + " folders, select them with a glob on --pred instead (e.g. --pred '/preds/ckpt_{10,20}')";
  private static final String RUN_HELP = "Run 'segeval evaluate --help' for the options.";

  @TempDir static Path tmp;
  private static Path checkpoints; // ep20 (logits × 0.5), ep40 (as packed), ep60 (logits × 2), by partition
  private static Path ep40Alone; // the ep40 rows as a table of their own
  private static JsonNode alone; // its summary

  @BeforeAll
  static void writeThreeCheckpoints() {
    SparkSession spark = TestSpark.get();
    Path packed = LakeRuns.pack(DATA, tmp.resolve("packed"), "--as-arrays", "--set", "model=unet");
    Dataset<Row> rows = spark.read().parquet(packed.toString());
    Dataset<Row> all = scaled(rows, "ep20", 0.5).unionByName(scaled(rows, "ep40", 1)).unionByName(scaled(rows, "ep60", 2));
    checkpoints = tmp.resolve("checkpoints");
    all.write().partitionBy("checkpoint").parquet(checkpoints.toString());
    ep40Alone = tmp.resolve("ep40-alone");
    spark.read().parquet(checkpoints.toString()).where(EP40).write().parquet(ep40Alone.toString());
    Path out = tmp.resolve("alone");
    expect(0, "evaluate", "--table", ep40Alone.toString(), "--output", out.toString());
    alone = CliRun.summary(out);
  }

  /** The rows as checkpoint {@code name}, their logits times {@code factor}. */
  private static Dataset<Row> scaled(Dataset<Row> rows, String name, double factor) {
    return rows.withColumn("pred", transform(col("pred"), x -> x.multiply(factor))).withColumn("checkpoint", lit(name));
  }

  @Test
  void oneCheckpointGivesTheNumbersOfItsRowsAlone() {
    Path out = tmp.resolve("ep40");
    // the three checkpoints share their image_ids: only the kept rows may count against --max-rejected 0
    CliRun run = expect(0, "evaluate", "--table", checkpoints.toString(), "--where", EP40, "--on-bad-record", "skip",
        "--max-rejected", "0", "--output", out.toString());
    assertEquals("  rows where " + EP40, run.out().lines().toList().get(2), run.out());
    JsonNode filtered = CliRun.summary(out);
    assertEquals(16, filtered.get("images").asInt());
    assertEquals(0, filtered.get("rejected").get("count").asInt());
    assertEquals(keys(alone), keys(filtered),
        "summary.json gets no key of its own for --where");
    for (String section : List.of("pixels", "dataset", "per_image_mean")) {
      assertSameValues(alone.get(section), filtered.get(section), 1e-12, section);
    }
    // and the other checkpoints' numbers differ (the filter chose ep40, not any checkpoint)
    Path ep60 = tmp.resolve("ep60");
    expect(0, "evaluate", "--table", checkpoints.toString(), "--where", "checkpoint = 'ep60'", "--output", ep60.toString());
    double bce60 = CliRun.summary(ep60).get("dataset").get("bce").asDouble();
    assertTrue(Math.abs(bce60 - alone.get("dataset").get("bce").asDouble()) > 1e-3, "ep60 bce " + bce60);
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void groupsAndTheHistoryWorkWithIt() {
    Path out = tmp.resolve("grouped");
    Path history = tmp.resolve("history");
    expect(0, "evaluate", "--table", checkpoints.toString(), "--where", "checkpoint <> 'ep20'", "--group-by",
        "checkpoint", "--history", history.toString(), "--output", out.toString());
    JsonNode summary = CliRun.summary(out);
    assertEquals(2, summary.get("groups").size());
    assertEquals(32, summary.get("images").asInt());
    assertSameValues(alone.get("dataset"), group(summary, "checkpoint", "ep40").get("dataset"), 1e-12, "ep40");
    List<Row> rows = TestSpark.get().read().parquet(history.toString()).where("group_key IS NULL").collectAsList();
    assertEquals(1, rows.size());
    assertTrue(rows.get(0).<String>getAs("parameters").contains("\"group_by\":[\"checkpoint\"],\"where\":\"checkpoint <> 'ep20'\""),
        rows.get(0).<String>getAs("parameters"));
  }

  @Test
  void aPartitionColumnConditionPrunesTheScan() {
    SparkSession spark = TestSpark.get();
    TableInput table = new TableInput(List.of(checkpoints.toString()), TableInput.DEFAULT_FORMAT,
        TableInput.DEFAULT_ID_COL, TableInput.DEFAULT_PRED_COL, TableInput.DEFAULT_TARGET_COL, EP40);
    TableInputs.Read read = TableInputs.read(spark, table, List.of(), null,
        new HadoopConf(spark.sparkContext().hadoopConfiguration()), MaskCodecs.DEFAULT_MAX_PIXELS);
    String plan = read.pairs().queryExecution().executedPlan().toString();
    assertTrue(Pattern.compile("PartitionFilters: \\[isnotnull\\(checkpoint#\\d+\\), \\(checkpoint#\\d+ = ep40\\)\\]")
        .matcher(plan).find(), plan);
    assertEquals(48L, read.tableRows().getAsLong());
    assertEquals(16L, read.pairs().count());
  }

  @Test
  void badConditionsAreRefusedInOneLine() {
    String table = checkpoints.toString();
    Path out = tmp.resolve("refused");
    assertEquals(List.of("segeval: --where: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function"
        + " parameter with name `chekpoint` cannot be resolved. Did you mean one of the following? [`checkpoint`,"
        + " `height`, `channels`, `pred`, `image_id`]. SQLSTATE: 42703; line 1 pos 0 (columns: image_id, pred, target,"
        + " height, width, channels, model, checkpoint)"),
        expect(2, "evaluate", "--table", table, "--where", "chekpoint = 'ep40'", "--output", out.toString()).err().lines().toList());
    assertEquals(List.of("segeval: --where: [PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"
        + " (line 1, pos 12)"),
        expect(2, "evaluate", "--table", table, "--where", "checkpoint =", "--output", out.toString()).err().lines().toList());
    assertEquals(List.of("segeval: --where: [DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"checkpoint\" due to"
        + " data type mismatch: Filter expression \"checkpoint\" of type \"STRING\" is not a boolean. SQLSTATE: 42K09"),
        expect(2, "evaluate", "--table", table, "--where", "checkpoint", "--output", out.toString()).err().lines().toList());
    assertEquals(List.of("segeval: --where: rand() < 0.5 is not deterministic: the rows kept would differ from run to"
        + " run; select rows by their values (e.g. a hash of image_id: pmod(hash(image_id), 10) = 0)"),
        expect(2, "evaluate", "--table", table, "--where", "rand() < 0.5", "--output", out.toString()).err().lines().toList());
    assertEquals(List.of("segeval: " + GLOB_INSTEAD, RUN_HELP),
        expect(2, "evaluate", "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString(),
            "--where", EP40, "--output", out.toString()).err().lines().toList());
    assertEquals(List.of("segeval: no images found in " + table + ": the --where left none of 48 rows"),
        expect(1, "evaluate", "--table", table, "--where", "checkpoint = 'ep99'", "--output", out.toString())
            .err().lines().toList());
    // a table of no rows: the --where is not what left none ("the --where left none of 0 rows")
    String empty = tmp.resolve("no-rows").toString();
    TestSpark.get().read().parquet(ep40Alone.toString()).where("false").write().parquet(empty);
    assertEquals(List.of("segeval: no images found in " + empty),
        expect(1, "evaluate", "--table", empty, "--where", EP40, "--output", out.toString()).err().lines().toList());
    assertFalse(Files.exists(out));
  }

  @Test
  void theConfigFileKeyAppliesAndAnEmptyOptionRemovesIt() throws IOException {
    Path conf = Files.writeString(tmp.resolve("nightly.properties"),
        "table = " + checkpoints + "\nwhere = " + EP40 + "\ngroup-by = checkpoint\n");
    Path out = tmp.resolve("from-file");
    expect(0, "evaluate", "--config", conf.toString(), "--output", out.toString());
    JsonNode filtered = CliRun.summary(out);
    assertEquals(1, filtered.get("groups").size());
    assertSameValues(alone.get("dataset"), group(filtered, "checkpoint", "ep40").get("dataset"), 1e-12, "ep40");
    Path everything = tmp.resolve("emptied");
    expect(0, "evaluate", "--config", conf.toString(), "--where=", "--output", everything.toString());
    assertEquals(48, CliRun.summary(everything).get("images").asInt());
    assertEquals(3, CliRun.summary(everything).get("groups").size());
    // the file's where with the file's folders is refused too, naming the key
    Path folders = Files.writeString(tmp.resolve("folders.properties"), "pred = " + DATA.resolve("pred")
        + "\ntarget = " + DATA.resolve("mask") + "\nwhere = " + EP40 + "\n");
    assertEquals(List.of("segeval: " + GLOB_INSTEAD + " (" + folders + ": where = '" + EP40 + "')", RUN_HELP),
        expect(2, "evaluate", "--config", folders.toString(), "--output", tmp.resolve("x").toString()).err().lines().toList());
  }
}
