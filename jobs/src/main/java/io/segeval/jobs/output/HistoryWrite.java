package io.segeval.jobs.output;

import io.segeval.jobs.input.GroupBy;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The write of a run's history rows: staged in a folder of the run's own ({@link HistoryStaging}),
 * then moved into the table's {@code date=} partitions, file by file.
 */
final class HistoryWrite {
  private HistoryWrite() {}

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
   * claimed ({@link HistoryTableTask#claim}) before it committed OUTPUT ({@link HistoryStaging}:
   * Spark's append would write them under the table's shared {@code _temporary/}, which the first
   * of two runs appending at the same time deletes as it commits, losing the other run's rows) and
   * moves its file in. The staging folder is deleted however this ends, short of the JVM's end;
   * after an append, what dead runs staged is removed.
   */
  static void intoTable(Dataset<Row> rows, Configuration conf, String uri, String runId, String outputUri) {
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
      for (FileStatus file : fs.listStatus(partition.getPath(), HistoryWrite::isDataFile)) {
        Path moved = new Path(target, file.getPath().getName());
        if (!fs.rename(file.getPath(), moved)) {
          throw new IOException("cannot move " + file.getPath() + " to " + moved);
        }
      }
    }
  }

  /** A file Spark wrote with the rows, not a marker ({@code _SUCCESS}) or a checksum ({@code .crc}). */
  static boolean isDataFile(Path p) {
    return !p.getName().startsWith("_") && !p.getName().startsWith(".");
  }
}
