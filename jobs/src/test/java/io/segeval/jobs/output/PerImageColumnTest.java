package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.binary.BinaryImageRow;
import io.segeval.jobs.multiclass.MulticlassImageRow;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

class PerImageColumnTest {
  @Test
  void keysAreSpecKeysAndPropertiesTheirCamelCase() {
    assertEquals("focal_loss", BinaryImageRow.Column.FOCAL_LOSS.key());
    assertEquals("focalLoss", BinaryImageRow.Column.FOCAL_LOSS.property());
    assertEquals("imageId", BinaryImageRow.Column.IMAGE_ID.property());
    assertEquals("lovaszSoftmaxLoss", MulticlassImageRow.Column.LOVASZ_SOFTMAX_LOSS.property());
    assertEquals("tp", BinaryImageRow.Column.TP.property());
  }

  @Test
  void everyColumnIsAPropertyOfItsRow() {
    assertPropertiesOf(BinaryImageRow.class, BinaryImageRow.Column.values());
    assertPropertiesOf(MulticlassImageRow.class, MulticlassImageRow.Column.values());
  }

  private static void assertPropertiesOf(Class<?> row, PerImageColumn[] columns) {
    List<String> fields = Arrays.asList(Encoders.bean(row).schema().fieldNames());
    for (PerImageColumn c : columns) {
      assertTrue(fields.contains(c.property()), row.getSimpleName() + " has no property " + c.property());
    }
  }
}
