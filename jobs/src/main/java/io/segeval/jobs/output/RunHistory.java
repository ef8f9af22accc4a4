package io.segeval.jobs.output;

import io.segeval.jobs.config.EvalConfig;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --history URI}: appends one row for the run (and one per {@code --group-by} group) to a
 * Parquet table partitioned by {@code date} (UTC day of the start), so a dashboard can plot a
 * metric across nightly runs. Columns: {@code run_id}, {@code start_time}, {@code segeval_version},
 * {@code task}, {@code input}, {@code inputs}, {@code output}, {@code parameters} (JSON),
 * {@code group_key} (map of the group's column values; null on the run's row), {@code rejected}
 * (the run's or the group's skipped records), {@code gates_missed} (the run's row: every missed
 * gate, as summary.json's {@code gates.missed}; a group's row: the group's; empty when all passed, null without gates), then the columns of {@link MetricsTable} but the confusion matrix (multiclass:
 * {@code per_class}, one struct per class, to plot a class across runs), and {@code date}
 * ({@link HistoryRows}). A binary and a multiclass run have different metric columns: one history
 * table per task ({@link #requireAppendable} refuses a run of the other task before any work, and
 * {@link #claim} one that loses the race to make a new table, before it commits OUTPUT;
 * {@link HistoryTableTask}). Runs may append at the same time: each writes a staging folder of its
 * own ({@link HistoryStaging}) and moves its files in ({@link HistoryWrite}).
 */
public final class RunHistory {
  private RunHistory() {}

  /** Refuses, before any work, a {@code --history} path that cannot take this run's rows ({@link HistoryTableTask#requireAppendable}). */
  public static void requireAppendable(SparkSession spark, String uri, String task) {
    HistoryTableTask.requireAppendable(spark, uri, task);
  }

  /** Claims the table at {@code uri} for {@code task} before the run commits OUTPUT ({@link HistoryTableTask#claim}). */
  public static void claim(Configuration conf, String uri, String task) {
    HistoryTableTask.claim(conf, uri, task);
  }

  /**
   * Appends the run's rows (one for the run, one per group), under a new run id, to the table the
   * run claimed ({@link #claim}) before it committed OUTPUT.
   *
   * @param predFolders the prediction folders read, {@code --pred} globs expanded (empty for tables)
   */
  public static void append(SparkSession spark, EvalConfig config, List<String> predFolders, Summary summary,
      Instant started, String outputUri) {
    String runId = UUID.randomUUID().toString();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<Row> rows = HistoryRows.of(conf, config, predFolders, summary, runId, started, outputUri);
    HistoryWrite.intoTable(HistoryWrite.rowsOf(spark, rows, HistoryRows.schema(summary)), conf, config.historyUri(), runId,
        outputUri);
  }
}
