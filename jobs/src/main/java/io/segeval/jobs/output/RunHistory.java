package io.segeval.jobs.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.jobs.SegEvalVersion;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.gate.GatesSummary;
import io.segeval.jobs.input.GroupBy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code --history URI}: appends one row for the run (and one per {@code --group-by} group) to a
 * Parquet table partitioned by {@code date} (UTC day of the start), so a dashboard can plot a
 * metric across nightly runs. Columns: {@code run_id}, {@code start_time}, {@code segeval_version},
 * {@code task}, {@code input}, {@code inputs}, {@code output}, {@code parameters} (JSON),
 * {@code group_key} (map of the group's column values; null on the run's row), {@code rejected}
 * (the run's or the group's skipped records), {@code gates_missed} (the run's row: every missed
 * gate, as summary.json's {@code gates.missed}; a group's row: the group's; empty when all passed, null without gates), then the columns of {@link MetricsTable} but the confusion matrix (multiclass:
 * {@code per_class}, one struct per class, to plot a class across runs), and {@code date}. A
 * binary and a multiclass run have different metric columns: one history table per task
 * ({@link #requireAppendable} refuses a run of the other task before any work, and {@link #claim}
 * one that loses the race to make a new table, before it commits OUTPUT). Runs may append at the
 * same time: each writes a staging folder of its own ({@link HistoryStaging}) and moves its files
 * in ({@link #moveIntoTable}).
 */
public final class RunHistory {
  private RunHistory() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Refuses, before any work, a {@code --history} path that cannot take this run's rows: a file,
   * a folder that holds something other than a history table (no {@code date=} partitions), or a
   * history of the other task, whose metric columns differ: appended, a reader without
   * {@code mergeSchema} would see the rows of one task with the other's columns (null metrics).
   * The task is the table's {@link HistoryTaskMarker}'s; a table made before the marker existed
   * has its task read from the latest partition (one column of a few small files).
   */
  public static void requireAppendable(SparkSession spark, String uri, String task) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String latest = latestPartition(conf, uri);
    String marked = markedTask(conf, uri);
    if (marked != null) {
      requireSameTask(uri, marked, HistoryTaskMarker.NAME, task);
      return;
    }
    if (latest == null) {
      return; // the first run makes it
    }
    List<String> tasks = spark.read().parquet(new Path(uri, latest).toString()).select("task").distinct()
        .as(Encoders.STRING()).collectAsList();
    requireSameTask(uri, String.join(" and ", tasks), latest, task);
  }

  /** {@code tableTasks} ("binary"; from rows, "binary and multiclass" too) is {@code task}, as {@code where} says. */
  private static void requireSameTask(String uri, String tableTasks, String where, String task) {
    if (!tableTasks.equals(task)) {
      throw new UsageException("--history " + uri + " holds " + tableTasks + " runs (" + where + "), this run is "
          + task + ": keep one history table per task, their metric columns differ");
    }
  }

  /** The task the marker of the table at {@code uri} names, null without one. */
  private static String markedTask(Configuration conf, String uri) {
    Path table = new Path(uri);
    try {
      return HistoryTaskMarker.read(table.getFileSystem(conf), table);
    } catch (IOException e) {
      throw HistoryAppendException.nothingWritten(table, e);
    }
  }

  /**
   * Claims the table at {@code uri} for {@code task} ({@link HistoryTaskMarker}), when a run's
   * results are complete and before its OUTPUT is committed: a run that loses the race for a new
   * table to a run of the other task fails here (exit 1) with nothing written. Once the table has a
   * marker, one read. A table made before markers gets its marker here.
   */
  public static void claim(Configuration conf, String uri, String task) {
    Path table = new Path(uri);
    String tableTask;
    try {
      tableTask = HistoryTaskMarker.claim(table.getFileSystem(conf), table, task);
    } catch (IOException e) {
      throw HistoryAppendException.nothingWritten(table, e);
    }
    if (!tableTask.equals(task)) {
      throw new HistoryTaskConflictException(uri, tableTask, task);
    }
  }

  /**
   * The last {@code date=} partition of a history table that holds a data file, null for none yet;
   * refuses what is no history table.
   */
  private static String latestPartition(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return null;
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new UsageException("--history " + uri + " is a file; give the folder of a history table"
            + " (a new one, or one an earlier run made)");
      }
      List<String> partitions = new ArrayList<>();
      boolean empty = true;
      for (FileStatus child : fs.listStatus(p)) {
        String name = child.getPath().getName();
        if (name.startsWith("date=")) {
          partitions.add(name);
        } else {
          empty &= name.startsWith(".") || name.startsWith("_");
        }
      }
      if (partitions.isEmpty() && !empty) {
        throw new UsageException("--history " + uri + " holds files but no date= partitions: it is not"
            + " a SegEval history table; give a new folder or one an earlier run made");
      }
      // the latest that holds a file: a run appending now makes a new partition's folder before it
      // moves its file in (moveIntoTable), and Spark cannot read a folder of no files
      partitions.sort(Comparator.reverseOrder());
      for (String name : partitions) {
        if (fs.listStatus(new Path(p, name), RunHistory::isDataFile).length > 0) {
          return name;
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check --history " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * The inputs as full URIs, as the output is (a relative path says nothing once the run is over):
   * "PRED and TARGET" for folders (several prediction folders joined by ", "), the tables joined
   * by ", " (a catalog table name as given).
   *
   * @param predFolders the prediction folders, {@code --pred} globs expanded (empty for tables)
   */
  static String inputs(Configuration conf, EvalConfig config, List<String> predFolders) {
    if (config.tables() == null) {
      return predFolders.stream().map(uri -> qualified(conf, uri)).collect(Collectors.joining(", ")) + " and "
          + qualified(conf, config.targetUri());
    }
    return config.tables().uris().stream().map(uri -> qualified(conf, uri)).collect(Collectors.joining(", "));
  }

  /** A path (or a glob matching one) as a full URI; anything else (a catalog table name) as given. */
  static String qualified(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p); // null or empty when nothing is there
      return matches != null && matches.length > 0 ? fs.makeQualified(p).toString() : uri;
    } catch (IOException | IllegalArgumentException e) {
      return uri;
    }
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
    Timestamp start = Timestamp.from(started);
    String date = started.atZone(ZoneOffset.UTC).toLocalDate().toString();
    String parameters = parameters(config, summary);
    List<Row> rows = new ArrayList<>();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<Object> head = List.of(runId, start, SegEvalVersion.VERSION, summary.task(), summary.input(),
        inputs(conf, config, predFolders), outputUri, parameters);
    List<Object> runPrefix = prefix(head, null, summary.rejected().count(), missedMessages(summary.gates()));
    rows.add(row(runPrefix, summary, summary.classNames(), date));
    if (summary.groups() != null) {
      for (GroupSummary g : summary.groups()) {
        List<Object> prefix = prefix(head, scala.jdk.javaapi.CollectionConverters.asScala(g.key()), g.rejected(),
            missedMessages(g.gates()));
        rows.add(row(prefix, g, summary.classNames(), date));
      }
    }
    writeIntoTable(rowsOf(spark, rows, schema(summary)), conf, config.historyUri(), runId, outputUri);
  }

  /**
   * The history's columns, in the order of a row's values: the run's head, its group, skipped
   * records and missed gates, the metrics ({@link MetricsTable#metricFields}), then {@code date}.
   */
  private static StructType schema(Summary summary) {
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
   * The rows as a DataFrame of one partition, from an RDD rather than a local relation: a local
   * relation holds every row's own copy of the run's columns, and {@code inputs} lists every
   * prediction folder, so its one task grew with folders × groups (3.7 MB for 300 {@code --pred}
   * folders grouped by {@value GroupBy#PRED_DIR}, and Spark's warning of a task of very large size);
   * serialized as objects, the strings the rows share are written about once per 100 rows.
   */
  static Dataset<Row> rowsOf(SparkSession spark, List<Row> rows, StructType schema) {
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 1), schema);
  }

  /**
   * Writes {@code rows} into a staging folder of the run's own inside the table, which the run
   * claimed ({@link #claim}) before it committed OUTPUT ({@link HistoryStaging}: Spark's append
   * would write them under the table's shared {@code _temporary/}, which the first of two runs
   * appending at the same time deletes as it commits, losing the other run's rows) and moves its
   * file in. The staging folder is deleted however this ends, short of the JVM's end; after an
   * append, what dead runs staged is removed.
   */
  private static void writeIntoTable(Dataset<Row> rows, Configuration conf, String uri, String runId,
      String outputUri) {
    Path table = new Path(uri);
    FileSystem fs;
    try {
      fs = table.getFileSystem(conf);
    } catch (IOException e) {
      throw HistoryAppendException.rowsNotAppended(table, outputUri, e);
    }
    Path staging = HistoryStaging.of(table, runId);
    try {
      // one file, so one task: once the write failed, no task of it is still writing into staging
      rows.coalesce(1).write().mode(SaveMode.ErrorIfExists).partitionBy("date").parquet(staging.toString());
      moveIntoTable(fs, staging, table);
    } catch (Exception e) { // Spark's job failure (SparkException) is a checked exception, thrown undeclared
      throw HistoryAppendException.rowsNotAppended(table, outputUri, e);
    } finally {
      HistoryStaging.delete(fs, staging);
    }
    HistoryStaging.removeDead(fs, table, Instant.now());
  }

  /**
   * Moves the data files of {@code staging}'s {@code date=} partitions into the same partitions of
   * {@code table} (a rename each: a reader sees a file whole or not at all; the names are Spark's,
   * unique per write).
   */
  private static void moveIntoTable(FileSystem fs, Path staging, Path table) throws IOException {
    for (FileStatus partition : fs.listStatus(staging, p -> p.getName().startsWith("date="))) {
      Path target = new Path(table, partition.getPath().getName());
      fs.mkdirs(target);
      for (FileStatus file : fs.listStatus(partition.getPath(), RunHistory::isDataFile)) {
        Path moved = new Path(target, file.getPath().getName());
        if (!fs.rename(file.getPath(), moved)) {
          throw new IOException("cannot move " + file.getPath() + " to " + moved);
        }
      }
    }
  }

  /** A file Spark wrote with the rows, not a marker ({@code _SUCCESS}) or a checksum ({@code .crc}). */
  private static boolean isDataFile(Path p) {
    return !p.getName().startsWith("_") && !p.getName().startsWith(".");
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
