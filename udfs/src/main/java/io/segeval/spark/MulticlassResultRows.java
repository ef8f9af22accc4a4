package io.segeval.spark;

import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.MulticlassSummary;
import io.segeval.core.multiclass.PerClassMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark struct form of the multiclass results: {@code pixels}, {@code ignored}, the dataset
 * metrics ({@link MulticlassMetric}, all but the Lovász loss, which needs a sort), the per-class
 * arrays ({@link PerClassMetric}, null entries where the denominator is 0) and
 * {@code confusion_matrix} (rows = target class, columns = predicted class).
 */
public final class MulticlassResultRows {
  private MulticlassResultRows() {}

  /** The dataset metrics an aggregate can compute. */
  public static final List<MulticlassMetric> AGGREGATE_METRICS = Arrays.stream(MulticlassMetric.values())
      .filter(MulticlassMetric::fromCounts).toList();

  /**
   * {@code struct<pixels: bigint, ignored: bigint, miou: double, ..., soft_dice_loss: double,
   * iou: array<double>, dice: ..., acc: ..., precision: ..., confusion_matrix: array<array<bigint>>>}.
   */
  public static final StructType METRICS = metricsSchema();

  private static StructType metricsSchema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("pixels", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("ignored", DataTypes.LongType, false));
    for (MulticlassMetric m : AGGREGATE_METRICS) {
      fields.add(DataTypes.createStructField(m.key(), DataTypes.DoubleType, true));
    }
    for (PerClassMetric m : PerClassMetric.values()) {
      fields.add(DataTypes.createStructField(m.key(), DataTypes.createArrayType(DataTypes.DoubleType, true), true));
    }
    fields.add(DataTypes.createStructField("confusion_matrix",
        DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.LongType, false), false), true));
    return DataTypes.createStructType(fields);
  }

  /**
   * The struct of a state; a state of no images (no rows) has pixels 0, ignored 0 and nulls. NaN
   * only in {@code ce}, as {@link MulticlassSummary} says.
   */
  public static Row metrics(MulticlassCounts counts) {
    Object[] values = new Object[METRICS.size()];
    values[0] = counts.pixels();
    values[1] = counts.ignored();
    if (counts.images() == 0) {
      return RowFactory.create(values);
    }
    MulticlassSummary s = counts.summary();
    int i = 2;
    for (MulticlassMetric m : AGGREGATE_METRICS) {
      values[i++] = s.dataset(m);
    }
    // Spark's row encoder takes Java arrays (or Scala Seqs) for array columns, not java.util.List.
    for (PerClassMetric m : PerClassMetric.values()) {
      values[i++] = s.perClass(m);
    }
    long[][] m = s.confusionMatrix();
    Long[][] matrix = new Long[m.length][];
    for (int t = 0; t < m.length; t++) {
      matrix[t] = Arrays.stream(m[t]).boxed().toArray(Long[]::new);
    }
    values[i] = matrix;
    return RowFactory.create(values);
  }
}
