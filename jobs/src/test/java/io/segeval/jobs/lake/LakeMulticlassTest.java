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
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mc_public packed into tables: arrays with a channels column, and NPY/PNG bytes from two "models"
 * grouped in one run, give the folders' numbers, per group too (confusion matrix, per-class values,
 * dataset-wide Lovász-softmax).
 */
class LakeMulticlassTest {
  private static final Path DATA = ReferenceData.dir("mc_public");
  private static final JsonNode EXPECTED = ReferenceData.expected("mc_public");

  @TempDir static Path tmp;
  private static JsonNode folders;

  static String[] evaluate(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate", "--task", "multiclass", "--num-classes", "5",
        "--output", output.toString(), "--lovasz", "both"}, more);
  }

  @BeforeAll
  static void runOnce() {
    Path out = tmp.resolve("folders");
    expect(0, evaluate(out, "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString()));
    folders = CliRun.summary(out);
    assertSameValues(EXPECTED.get("dataset"), folders.get("dataset"), 1e-9, "folders");
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
    Path a = LakeRuns.pack(DATA, tmp.resolve("model_a"), "--set", "model=a");
    Path b = LakeRuns.pack(DATA, tmp.resolve("model_b"), "--set", "model=b");
    Path out = tmp.resolve("grouped");
    expect(0, evaluate(out, "--table", a.toString(), "--table", b.toString(), "--group-by", "model"));
    JsonNode s = CliRun.summary(out);
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
}
