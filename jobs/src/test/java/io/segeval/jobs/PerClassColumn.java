package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.core.multiclass.PerClassMetric;
import io.segeval.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * The {@code per_class} column of {@code OUTPUT/metrics/} and of the history read back, checked
 * against summary.json: the same values exactly, class by class.
 */
public final class PerClassColumn {
  private PerClassColumn() {}

  /** The column's type as read back from Parquet (where everything is nullable). */
  public static final DataType TYPE = DataType.fromDDL("array<struct<class_id:int, class_name:string, iou:double,"
      + " dice:double, acc:double, precision:double, target_pixels:bigint>>");

  /** {@code OUTPUT/metrics/} read back. */
  public static Dataset<Row> metrics(Path output) {
    return TestSpark.get().read().parquet(output.resolve("metrics").toString());
  }

  /** The {@code per_class} cell of a row of metrics/ or of the history. */
  public static List<Row> cell(Row row) {
    return row.getList(row.fieldIndex("per_class"));
  }

  /**
   * A {@code per_class} cell holds one element per class of {@code result} (summary.json or one of
   * its groups), in class-id order, each as {@link #assertClass}.
   */
  public static void assertPerClass(JsonNode result, JsonNode classNames, List<Row> perClass, String where) {
    assertEquals(result.get("confusion_matrix").size(), perClass.size(), where + ": one element per class");
    for (int c = 0; c < perClass.size(); c++) {
      assertEquals(c, perClass.get(c).<Integer>getAs("class_id"), where + ": class-id order");
      assertClass(result, classNames, perClass.get(c), where);
    }
  }

  /**
   * One class (an element of {@code per_class}, or a row of its {@code explode}) equals
   * summary.json's: its name from {@code class_names} (null when there are none), each
   * {@link PerClassMetric} value of {@code per_class} exactly (null where it is null), and its
   * target pixels, the sum of its row of {@code confusion_matrix}.
   */
  public static void assertClass(JsonNode result, JsonNode classNames, Row row, String where) {
    int c = row.getAs("class_id");
    String at = where + " class " + c;
    if (classNames == null) {
      assertNull(row.getAs("class_name"), at + ": no names given");
    } else {
      assertEquals(classNames.get(c).asText(), row.getAs("class_name"), at);
    }
    for (PerClassMetric m : PerClassMetric.values()) {
      JsonNode expected = result.get("per_class").get(m.key()).get(c);
      Double actual = row.getAs(m.key());
      assertEquals(expected.isNull() ? null : expected.doubleValue(), actual, at + " " + m.key());
    }
    long pixels = 0;
    for (JsonNode v : result.get("confusion_matrix").get(c)) {
      pixels += v.asLong();
    }
    assertEquals(pixels, row.<Long>getAs("target_pixels"), at + " target_pixels");
  }
}
