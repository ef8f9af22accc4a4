package io.segeval.jobs.output;

import static org.apache.spark.sql.functions.col;

import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.PerClassMetric;
import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.List;
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
 * summary.json) and one per per-image mean ({@code per_image_mean_<key>}); multiclass adds
 * {@code per_class} (one struct per class, {@link #CLASS_RESULT}) and {@code confusion_matrix}.
 * Built on the driver from the {@link Summary}; the same columns but the confusion matrix go into
 * the {@code --history} table.
 */
public final class MetricsTable {
  private MetricsTable() {}

  /** The folder under OUTPUT. */
  public static final String FOLDER = "metrics";

  /** The prefix of the per-image-mean columns. */
  public static final String PER_IMAGE_MEAN = ResultSections.PER_IMAGE_MEAN + "_";

  /**
   * An element of {@code per_class}: {@code class_id}, {@code class_name} (null without names), one
   * double per {@link PerClassMetric} under its summary.json key (null where summary.json has null)
   * and {@code target_pixels}, as the console's per-class table.
   */
  public static final StructType CLASS_RESULT = classResultType();

  /** {@code per_class}: one {@link #CLASS_RESULT} per class, in class-id order. */
  public static final StructField PER_CLASS = DataTypes.createStructField(ResultSections.PER_CLASS,
      DataTypes.createArrayType(CLASS_RESULT, false), true);

  /** {@code confusion_matrix[t][p]}, as in summary.json (metrics/ only: C² values, the history has per_class). */
  public static final StructField CONFUSION_MATRIX = DataTypes.createStructField("confusion_matrix",
      DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.LongType, false), false), true);

  private static StructType classResultType() {
    StructType t = new StructType().add("class_id", DataTypes.IntegerType, false)
        .add("class_name", DataTypes.StringType, true);
    for (PerClassMetric m : PerClassMetric.values()) {
      t = t.add(m.key(), DataTypes.DoubleType, true);
    }
    return t.add("target_pixels", DataTypes.LongType, false);
  }

  public static void write(SparkSession spark, Summary summary, GroupBy groupBy, String path) {
    boolean multiclass = summary.confusionMatrix() != null;
    List<Row> rows = new ArrayList<>();
    List<? extends ResultSections> results = summary.groups() == null ? List.of(summary) : summary.groups();
    for (ResultSections r : results) {
      List<Object> keyValues = r instanceof GroupSummary g ? new ArrayList<>(g.key().values()) : List.of();
      List<Object> values = values(keyValues, r, summary.classNames());
      if (multiclass) {
        values.add(r.confusionMatrix());
      }
      rows.add(RowFactory.create(values.toArray()));
    }
    StructType schema = new StructType();
    for (String name : groupBy.names()) {
      schema = schema.add(name, DataTypes.StringType, true);
    }
    for (StructField f : metricFields(summary)) {
      schema = schema.add(f);
    }
    if (multiclass) {
      schema = schema.add(CONFUSION_MATRIX);
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

  /**
   * images, pixels, the dataset metrics and the per-image means, in summary.json order, then
   * {@link #PER_CLASS} for a multiclass run: the columns of metrics/ and the history alike.
   */
  public static List<StructField> metricFields(Summary summary) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("images", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("pixels", DataTypes.LongType, false));
    for (String key : summary.dataset().keySet()) {
      fields.add(DataTypes.createStructField(key, BinaryMetric.isCountKey(key) ? DataTypes.LongType : DataTypes.DoubleType, true));
    }
    for (String key : summary.perImageMean().keySet()) {
      fields.add(DataTypes.createStructField(PER_IMAGE_MEAN + key, DataTypes.DoubleType, true));
    }
    if (summary.perClass() != null) {
      fields.add(PER_CLASS);
    }
    return fields;
  }

  /** {@code prefix}, then the values of {@link #metricFields} for the run or a group. */
  public static List<Object> values(List<Object> prefix, ResultSections r, List<String> classNames) {
    List<Object> values = new ArrayList<>(prefix);
    values.add(r.images());
    values.add(r.pixels());
    r.dataset().forEach((k, v) -> values.add(v == null ? null : BinaryMetric.isCountKey(k) ? (Object) ((Number) v).longValue()
        : (Object) ((Number) v).doubleValue()));
    r.perImageMean().values().forEach(v -> values.add(v == null ? null : ((Number) v).doubleValue()));
    if (r.perClass() != null) {
      values.add(ClassResult.of(r, classNames).stream().map(MetricsTable::classResultRow).toArray(Row[]::new));
    }
    return values;
  }

  /** A {@link ClassResult} as a {@link #CLASS_RESULT} row. */
  private static Row classResultRow(ClassResult c) {
    List<Object> fields = new ArrayList<>();
    fields.add(c.id());
    fields.add(c.name());
    for (PerClassMetric m : PerClassMetric.values()) {
      fields.add(c.value(m));
    }
    fields.add(c.targetPixels());
    return RowFactory.create(fields.toArray());
  }
}
