package io.segeval.jobs.output;

import static org.apache.spark.sql.functions.col;

import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code OUTPUT/metrics/}: the results as a Parquet table, one row per {@code --group-by} group
 * (one row for the whole dataset without grouping): the group columns with their input types,
 * {@code images}, {@code pixels}, one column per {@code dataset} metric (key names of
 * summary.json) and one per per-image mean ({@code per_image_mean_<key>}). Built on the driver
 * from the {@link Summary}; the same columns go into the {@code --history} table.
 */
public final class MetricsTable {
  private MetricsTable() {}

  private static final Set<String> COUNTS = Set.of("tp", "fp", "fn", "tn");

  /** The prefix of the per-image-mean columns. */
  public static final String PER_IMAGE_MEAN = "per_image_mean_";

  public static void write(SparkSession spark, Summary summary, GroupBy groupBy, String path) {
    List<Row> rows = new ArrayList<>();
    if (summary.groups() == null) {
      rows.add(RowFactory.create(values(List.of(), summary.images(), summary.pixels(), summary.dataset(),
          summary.perImageMean()).toArray()));
    } else {
      for (GroupSummary g : summary.groups()) {
        rows.add(RowFactory.create(values(new ArrayList<>(g.key().values()), g.images(), g.pixels(), g.dataset(),
            g.perImageMean()).toArray()));
      }
    }
    StructType schema = new StructType();
    for (String name : groupBy.names()) {
      schema = schema.add(name, DataTypes.StringType, true);
    }
    for (StructField f : metricFields(summary)) {
      schema = schema.add(f);
    }
    typed(spark.createDataFrame(rows, schema), groupBy).coalesce(1).write().parquet(path);
  }

  /** The group columns cast back from their string form to their input types. */
  public static Dataset<Row> typed(Dataset<Row> df, GroupBy groupBy) {
    List<Column> cols = new ArrayList<>();
    for (String name : df.columns()) {
      DataType type = groupBy.types().get(name);
      cols.add(type == null ? col(name) : col(name).cast(type).as(name));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  /** images, pixels, the dataset metrics and the per-image means, in summary.json order. */
  public static List<StructField> metricFields(Summary summary) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("images", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("pixels", DataTypes.LongType, false));
    for (String key : summary.dataset().keySet()) {
      fields.add(DataTypes.createStructField(key, COUNTS.contains(key) ? DataTypes.LongType : DataTypes.DoubleType, true));
    }
    for (String key : summary.perImageMean().keySet()) {
      fields.add(DataTypes.createStructField(PER_IMAGE_MEAN + key, DataTypes.DoubleType, true));
    }
    return fields;
  }

  /** {@code prefix}, then the values of {@link #metricFields}. */
  public static List<Object> values(List<Object> prefix, long images, long pixels, Map<String, Object> dataset,
      Map<String, Object> perImageMean) {
    List<Object> values = new ArrayList<>(prefix);
    values.add(images);
    values.add(pixels);
    dataset.forEach((k, v) -> values.add(v == null ? null : COUNTS.contains(k) ? (Object) ((Number) v).longValue()
        : (Object) ((Number) v).doubleValue()));
    perImageMean.values().forEach(v -> values.add(v == null ? null : ((Number) v).doubleValue()));
    return values;
  }
}
