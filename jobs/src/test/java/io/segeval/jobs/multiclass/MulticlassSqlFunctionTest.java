package io.segeval.jobs.multiclass;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.core.multiclass.PerClassMetric;
import io.segeval.spark.MulticlassResultRows;
import io.segeval.spark.SegEvalFunctions;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seg_multiclass_metrics(pred, target, num_classes)} on mc_public as a table of flattened
 * arrays (pred C·H·W channel-major floats, target H·W ints): the same values as the command line
 * on the files. The table's columns come in the order (num_classes, target, image_id, pred), and
 * pred is 5 times longer than target, so a wrong binding of the arguments cannot pass.
 */
class MulticlassSqlFunctionTest {
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static JsonNode cli;

  @BeforeAll
  static void tableAndCliRun() {
    spark = TestSpark.get();
    SegEvalFunctions.register(spark);
    List<Row> rows = new ArrayList<>();
    for (ReferenceData.Image image : ReferenceData.images("mc_public")) {
      float[] pred = new float[image.pred().size()];
      for (int k = 0; k < pred.length; k++) {
        pred[k] = (float) image.pred().data()[k];
      }
      int[] target = new int[image.target().size()];
      for (int j = 0; j < target.length; j++) {
        target[j] = (int) image.target().data()[j];
      }
      rows.add(RowFactory.create(5, target, image.id(), pred));
    }
    StructType schema = new StructType()
        .add("num_classes", DataTypes.IntegerType)
        .add("target", DataTypes.createArrayType(DataTypes.IntegerType, false))
        .add("image_id", DataTypes.StringType)
        .add("pred", DataTypes.createArrayType(DataTypes.FloatType, false));
    spark.createDataFrame(rows, schema).repartition(3).createOrReplaceTempView("mc_public");
    Path data = ReferenceData.dir("mc_public");
    cli = JobRuns.summary(JobRuns.evaluate(data.resolve("pred"), data.resolve("mask"), tmp.resolve("cli")));
  }

  @Test
  void sqlFunctionEqualsTheCommandLine() {
    assertSameAsCommandLine(
        spark.sql("SELECT seg_multiclass_metrics(pred, target, num_classes) AS m FROM mc_public").first().getStruct(0));
  }

  /** {@code m} has the command line's values on mc_public. */
  private static void assertSameAsCommandLine(Row m) {
    assertEquals(cli.get("pixels").asLong(), m.getLong(m.fieldIndex("pixels")));
    assertEquals(ReferenceData.expected("mc_public").get("notes").get("ignored_pixels").asLong(),
        m.getLong(m.fieldIndex("ignored")));
    for (var metric : MulticlassResultRows.AGGREGATE_METRICS) {
      assertClose(cli.get("dataset").get(metric.key()).asDouble(), m.getDouble(m.fieldIndex(metric.key())), 1e-12, metric.key());
    }
    for (PerClassMetric metric : PerClassMetric.values()) {
      List<Double> values = m.getList(m.fieldIndex(metric.key()));
      assertEquals(5, values.size());
      for (int c = 0; c < 5; c++) {
        assertClose(cli.get("per_class").get(metric.key()).get(c).asDouble(), values.get(c), 1e-12, metric.key() + c);
      }
    }
    List<scala.collection.Seq<Long>> matrix = m.getList(m.fieldIndex("confusion_matrix"));
    assertEquals(5, matrix.size());
    for (int t = 0; t < 5; t++) {
      assertEquals(5, matrix.get(t).size());
      for (int p = 0; p < 5; p++) {
        assertEquals(cli.get("confusion_matrix").get(t).get(p).asLong(), matrix.get(t).apply(p), "M[" + t + "][" + p + "]");
      }
    }
  }

  @Test
  void perGroupAndEmptyInput() {
    List<Row> byImage = spark.sql("SELECT image_id, seg_multiclass_metrics(pred, target, 5).aacc AS aacc "
        + "FROM mc_public GROUP BY image_id ORDER BY image_id").collectAsList();
    JsonNode expected = ReferenceData.expected("mc_public").get("per_image");
    assertEquals(expected.size(), byImage.size());
    for (Row r : byImage) {
      assertClose(expected.get(r.getString(0)).get("aacc").asDouble(), r.getDouble(1), 1e-12, r.getString(0));
    }
    Row empty = spark.sql("SELECT seg_multiclass_metrics(pred, target, 5) AS m FROM mc_public WHERE image_id = 'none'")
        .first().getStruct(0);
    assertEquals(0L, empty.getLong(0));
    assertTrue(empty.isNullAt(empty.fieldIndex("miou")));
  }

  /**
   * Empty arrays are refused, as the job refuses a (C, 0, 0) file: the query fails saying so, and
   * WHERE size(target) > 0 leaves the row out, giving the command line's values.
   */
  @Test
  void emptyArraysAreRefusedAsTheJobRefusesAnImageWithNoPixels() {
    String empty = "SELECT 5 AS num_classes, CAST(array() AS array<int>) AS target, 'empty' AS image_id,"
        + " CAST(array() AS array<float>) AS pred";
    String withEmpty = " FROM (SELECT num_classes, target, image_id, pred FROM mc_public UNION ALL " + empty + ")";
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_metrics(pred, target,"
        + " num_classes)" + withEmpty).collect());
    String text = String.valueOf(e.getMessage()) + e.getCause();
    assertTrue(text.contains("a row's pred and target are empty (an image with no pixels, a broken export?)"), text);
    assertSameAsCommandLine(spark.sql("SELECT seg_multiclass_metrics(pred, target, num_classes) AS m" + withEmpty
        + " WHERE size(target) > 0").first().getStruct(0));
  }

  @Test
  void aPredictionOfTheWrongLengthFailsTheQuery() {
    Exception e = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_multiclass_metrics(pred, target, 4) FROM mc_public").collect());
    String text = String.valueOf(e.getMessage()) + e.getCause();
    assertTrue(text.contains("num_classes × target length") && text.contains("(find the row with WHERE size(pred) != 4"
        + " * size(target))"), text);
  }
}
