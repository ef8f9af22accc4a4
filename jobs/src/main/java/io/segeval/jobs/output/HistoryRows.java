package io.segeval.jobs.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.jobs.SegEvalVersion;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.gate.GatesSummary;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A run's rows of the {@code --history} table, and their schema: one row for the run and one per
 * {@code --group-by} group, each the run's head, its group, skipped records and missed gates, the
 * metrics ({@link MetricsTable}), then {@code date} (UTC day of the start).
 */
final class HistoryRows {
  private HistoryRows() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The run's row, then its groups' rows, in the order of {@link #schema}.
   *
   * @param predFolders the prediction folders read, {@code --pred} globs expanded (empty for tables)
   */
  static List<Row> of(Configuration conf, EvalConfig config, List<String> predFolders, Summary summary, String runId,
      Instant started, String outputUri) {
    Timestamp start = Timestamp.from(started);
    String date = started.atZone(ZoneOffset.UTC).toLocalDate().toString();
    String parameters = parameters(config, summary);
    List<Row> rows = new ArrayList<>();
    List<Object> head = List.of(runId, start, SegEvalVersion.VERSION, summary.task(), summary.input(),
        HistoryInputs.of(conf, config, predFolders), outputUri, parameters);
    List<Object> runPrefix = prefix(head, null, summary.rejected().count(), missedMessages(summary.gates()));
    rows.add(row(runPrefix, summary, summary.classNames(), date));
    if (summary.groups() != null) {
      for (GroupSummary g : summary.groups()) {
        List<Object> prefix = prefix(head, scala.jdk.javaapi.CollectionConverters.asScala(g.key()), g.rejected(),
            missedMessages(g.gates()));
        rows.add(row(prefix, g, summary.classNames(), date));
      }
    }
    return rows;
  }

  /**
   * The history's columns, in the order of a row's values: the run's head, its group, skipped
   * records and missed gates, the metrics ({@link MetricsTable#metricFields}), then {@code date}.
   */
  static StructType schema(Summary summary) {
    StructType schema = new StructType()
        .add("run_id", DataTypes.StringType, false)
        .add("start_time", DataTypes.TimestampType, false)
        .add("segeval_version", DataTypes.StringType, false)
        .add("task", DataTypes.StringType, false)
        .add("input", DataTypes.StringType, false)
        .add("inputs", DataTypes.StringType, false)
        .add("output", DataTypes.StringType, false)
        .add("parameters", DataTypes.StringType, false)
        .add("group_key", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
        .add("rejected", DataTypes.LongType, true)
        .add("gates_missed", DataTypes.createArrayType(DataTypes.StringType, false), true);
    for (StructField f : MetricsTable.metricFields(summary)) {
      schema = schema.add(f);
    }
    return schema.add("date", DataTypes.StringType, false);
  }

  /**
   * A row's values before its metrics: the run's {@code head}, then {@code group_key} (null on the
   * run's row), {@code rejected} and {@code gates_missed} (null without gates).
   */
  private static List<Object> prefix(List<Object> head, Object groupKey, long rejected, List<String> gatesMissed) {
    List<Object> prefix = new ArrayList<>(head);
    prefix.add(groupKey);
    prefix.add(rejected);
    prefix.add(gatesMissed == null ? null : gatesMissed.toArray(new String[0]));
    return prefix;
  }

  private static Row row(List<Object> prefix, ResultSections r, List<String> classNames, String date) {
    List<Object> values = MetricsTable.values(prefix, r, classNames);
    values.add(date);
    return RowFactory.create(values.toArray());
  }

  /** The messages of the missed gates, as summary.json has them; null without gates. */
  private static List<String> missedMessages(GatesSummary gates) {
    return gates == null ? null : gates.missedMessages();
  }

  /** The run's parameters as JSON: the summary's params, task settings, Lovász mode, grouping, --where and gates. */
  private static String parameters(EvalConfig config, Summary summary) {
    Map<String, Object> p = new LinkedHashMap<>(summary.params());
    if (summary.numClasses() != null) {
      p.put("num_classes", summary.numClasses());
      p.put("ignore_index", summary.ignoreIndex());
    }
    p.put("lovasz", summary.lovasz());
    p.put("group_by", config.groupBy());
    if (config.where() != null) {
      p.put("where", config.where()); // the rows evaluated, left out without --where
    }
    p.putAll(config.gates().limits()); // fail_under, fail_over: the gates the run was checked against
    try {
      return JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
