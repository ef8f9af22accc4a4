package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.PngMask;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.jobs.CliRun;
import io.segeval.spark.BinaryResultRows;
import io.segeval.spark.SegEvalFunctions;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hard 0/1/255 PNG masks through {@code segeval evaluate --input labels} and through the SQL
 * functions with {@code input=labels} on the same masks packed as arrays ({@code pack --as-arrays}:
 * {@code array<int>}): identical metrics, dataset-wide and per image, with the same nulls (the
 * losses that need scores). Labels are probabilities 0 and 1, so I = tp, P = tp + fp, T = tp + fn
 * and every sum is an exact integer: the values are equal, not merely close, and equal to the
 * formulas over the counts this test makes itself.
 */
class BinaryLabelsSqlTest {
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static JsonNode job;
  private static Map<String, JsonNode> jobPerImage;
  private static String table;
  /** tp, fp, fn, tn over all images, counted here. */
  private static final long[] COUNTS = new long[4];

  @BeforeAll
  static void runBoth() throws IOException {
    Path data = tmp.resolve("data");
    Random rnd = new Random(7);
    // 0, 1 and 255 in both: 255 is foreground, as 1
    int[] values = {0, 1, 255};
    int[][] sizes = {{8, 12}, {5, 7}, {1, 9}, {6, 6}};
    for (int i = 0; i < sizes.length; i++) {
      int n = sizes[i][0] * sizes[i][1];
      byte[] pred = new byte[n];
      byte[] target = new byte[n];
      for (int j = 0; j < n; j++) {
        pred[j] = (byte) values[rnd.nextInt(3)];
        target[j] = (byte) values[rnd.nextInt(3)];
      }
      write(data, "img_" + i, sizes[i][0], sizes[i][1], pred, target);
    }
    // nothing to find, nothing predicted: per image 1 (job) where SQL's 0/0 is null for hard Dice
    write(data, "background", 2, 2, new byte[4], new byte[4]);
    Path out = tmp.resolve("job");
    expect(0, "evaluate", "--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString(),
        "--output", out.toString(), "--input", "labels", "--per-image-format", "json");
    job = CliRun.summary(out);
    jobPerImage = CliRun.jsonLines(out.resolve("per_image"), "image_id");
    table = "parquet.`" + LakeRuns.pack(data, tmp.resolve("arrays"), "--as-arrays", "--partitions", "2") + "`";
    spark = TestSpark.get();
    SegEvalFunctions.register(spark);
  }

  private static void write(Path data, String id, int h, int w, byte[] pred, byte[] target) throws IOException {
    Files.createDirectories(data.resolve("pred"));
    Files.createDirectories(data.resolve("mask"));
    Files.write(data.resolve("pred").resolve(id + ".png"), PngMask.encodeGray8(h, w, pred));
    Files.write(data.resolve("mask").resolve(id + ".png"), PngMask.encodeGray8(h, w, target));
    for (int j = 0; j < pred.length; j++) {
      boolean p = pred[j] != 0;
      boolean t = target[j] != 0;
      COUNTS[p ? (t ? 0 : 1) : (t ? 2 : 3)]++;
    }
  }

  @Test
  void theTableHoldsIntegerLabels() {
    assertEquals("array<int>", spark.sql("SELECT pred FROM " + table).schema().fields()[0].dataType().simpleString());
  }

  @Test
  void datasetMetricsAreTheJobsWithTheSameNulls() {
    Row m = spark.sql("SELECT seg_binary_metrics_with(pred, target, 'input=labels') AS m FROM " + table)
        .first().getStruct(0);
    assertEquals(job.get("pixels").asLong(), m.getLong(m.fieldIndex("pixels")));
    JsonNode d = job.get("dataset");
    for (BinaryMetric metric : BinaryResultRows.AGGREGATE_METRICS) {
      assertSameValue(d.get(metric.key()), m, metric.key());
    }
    // the losses that need scores are null in both; the others are the formulas over the counts
    for (String key : List.of("bce", "bce_dice_loss", "focal_loss", "combo_loss")) {
      assertTrue(m.isNullAt(m.fieldIndex(key)), key);
    }
    long tp = COUNTS[0];
    long fp = COUNTS[1];
    long fn = COUNTS[2];
    assertEquals(List.of(tp, fp, fn, COUNTS[3]), List.of(m.getLong(m.fieldIndex("tp")), m.getLong(m.fieldIndex("fp")),
        m.getLong(m.fieldIndex("fn")), m.getLong(m.fieldIndex("tn"))));
    assertTrue(tp > 0 && fp > 0 && fn > 0, "the random masks have every kind of pixel");
    // s = 1: dice (2I + s)/(P + T + s), iou (I + s)/(P + T − I + s)
    assertEquals((2.0 * tp + 1) / (2.0 * tp + fp + fn + 1), m.getDouble(m.fieldIndex("dice")), 1e-15);
    assertEquals((tp + 1.0) / (tp + fp + fn + 1.0), m.getDouble(m.fieldIndex("iou")), 1e-15);
    assertEquals(2.0 * tp / (2.0 * tp + fp + fn), m.getDouble(m.fieldIndex("hard_dice")), 1e-15);
  }

  @Test
  void perImageMetricsAndMergedStatesAreTheJobs() {
    List<Row> rows = spark.sql("SELECT image_id, seg_binary_metrics_with(pred, target, 'input=labels') AS m FROM "
        + table + " GROUP BY image_id").collectAsList();
    assertEquals(jobPerImage.keySet().size(), rows.size());
    for (Row r : rows) {
      JsonNode expected = jobPerImage.get(r.getString(0));
      Row m = r.getStruct(1);
      for (String key : List.of("pixels", "dice", "iou", "tversky", "bce", "focal_loss", "tp", "fp", "fn", "tn")) {
        assertSameValue(expected.get(key), m, r.getString(0) + "." + key);
      }
    }
    // per-image states, stored and merged: the dataset's row
    Row merged = spark.sql("SELECT seg_binary_result(seg_binary_state_merge(s)) FROM (SELECT"
        + " seg_binary_state(pred, target, 'input=labels') AS s FROM " + table + " GROUP BY image_id)").first().getStruct(0);
    assertEquals(spark.sql("SELECT seg_binary_metrics_with(pred, target, 'input=labels') FROM " + table).first()
        .getStruct(0), merged);
  }

  /** The job's value (null, a count or a double) equals the struct's field exactly. */
  private static void assertSameValue(JsonNode expected, Row m, String key) {
    String field = key.substring(key.indexOf('.') + 1);
    int i = m.fieldIndex(field);
    if (expected == null || expected.isNull()) {
      assertTrue(m.isNullAt(i), key + ": the job has null, SQL " + m.get(i));
    } else if (expected.isIntegralNumber()) {
      assertEquals(expected.asLong(), m.getLong(i), key);
    } else {
      assertEquals(expected.asDouble(), m.getDouble(i), key);
    }
  }
}
