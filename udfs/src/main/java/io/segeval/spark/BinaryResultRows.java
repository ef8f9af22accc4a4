package io.segeval.spark;

import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Spark struct form of the binary results, with fields named and ordered by {@link BinaryMetric}. */
public final class BinaryResultRows {
  private BinaryResultRows() {}

  /** The metrics an aggregate can compute (all but the dataset-wide Lovász, which needs a sort). */
  public static final List<BinaryMetric> AGGREGATE_METRICS = Arrays.stream(BinaryMetric.values())
      .filter(BinaryMetric::fromCounts).toList();

  /** {@code struct<dice: double, dice_loss: double, ..., tp: bigint, ...>}; null where undefined. */
  public static final StructType METRICS = metricsSchema();

  private static StructType metricsSchema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("pixels", DataTypes.LongType, false));
    for (BinaryMetric m : AGGREGATE_METRICS) {
      fields.add(DataTypes.createStructField(m.key(), m.isCount() ? DataTypes.LongType : DataTypes.DoubleType, true));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * The metrics of a state; null where undefined, or where its predictions do not give them
   * (labels). NaN exactly where {@link BinaryMetric#value} is (a loss sum past the double range).
   */
  public static Row metrics(BinaryState state) {
    BinaryCounts counts = state.counts();
    Object[] values = new Object[AGGREGATE_METRICS.size() + 1];
    values[0] = counts.pixels();
    int i = 1;
    for (BinaryMetric m : AGGREGATE_METRICS) {
      Double v = state.predictions().give(m) ? m.value(counts) : null;
      values[i++] = v == null ? null : m.isCount() ? (Object) v.longValue() : (Object) v;
    }
    return RowFactory.create(values);
  }
}
