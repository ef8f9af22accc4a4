package io.segeval.jobs.output;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The task whose rows a {@code --history} table holds: one table per task, their metric columns
 * differ. A run of the other task is refused before any work ({@link #requireAppendable}), and one
 * that loses the race to make a new table before it commits OUTPUT ({@link #claim}).
 */
final class HistoryTableTask {
  private HistoryTableTask() {}

  /**
   * Refuses, before any work, a {@code --history} path that cannot take this run's rows: a file,
   * a folder that holds something other than a history table (no {@code date=} partitions), or a
   * history of the other task, whose metric columns differ: appended, a reader without
   * {@code mergeSchema} would see the rows of one task with the other's columns (null metrics).
   * The task is the table's {@link HistoryTaskMarker}'s; a table made before the marker existed
   * has its task read from the latest partition (one column of a few small files).
   */
  static void requireAppendable(SparkSession spark, String uri, String task) {
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
  static void claim(Configuration conf, String uri, String task) {
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
      // moves its file in (HistoryWrite#moveIntoTable), and Spark cannot read a folder of no files
      partitions.sort(Comparator.reverseOrder());
      for (String name : partitions) {
        if (fs.listStatus(new Path(p, name), HistoryWrite::isDataFile).length > 0) {
          return name;
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check --history " + uri + ": " + e.getMessage(), e);
    }
  }
}
