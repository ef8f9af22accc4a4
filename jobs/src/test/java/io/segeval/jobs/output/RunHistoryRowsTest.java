package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.LogCapture;
import io.segeval.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The history rows of a run with many groups: 1 + 300 rows (300 {@code --pred} checkpoint folders
 * grouped by pred_dir), each with the run's {@code inputs}, which lists all 300 folders (about
 * 15 KB). As a local relation the write's one task carried 301 copies (4.4 MB, past Spark's
 * 1000 KiB warning); from {@link HistoryWrite#rowsOf} the shared string travels about once per 100
 * rows, and the rows are the same.
 */
class RunHistoryRowsTest {
  private static final String TASK_SIZE_WARNING = "contains a task of very large size";

  @Test
  void manyGroupRowsShareTheRunsInputsWithoutAHugeTask() {
    SparkSession spark = TestSpark.get();
    StringBuilder folders = new StringBuilder();
    for (int k = 0; k < 300; k++) {
      folders.append(k == 0 ? "" : ", ").append(String.format("file:/lake/checkpoints/run-2026-11-30/ckpt_%04d", k));
    }
    String inputs = folders + " and file:/lake/masks";
    StructType schema = new StructType().add("inputs", DataTypes.StringType, false)
        .add("pred_dir", DataTypes.StringType, true).add("dice", DataTypes.DoubleType, true);
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(inputs, null, 0.5));
    for (int k = 0; k < 300; k++) {
      rows.add(RowFactory.create(inputs, String.format("ckpt_%04d", k), k / 1000.0));
    }

    List<Row> back;
    try (LogCapture log = LogCapture.of(Level.WARN, "org.apache.spark.scheduler.TaskSetManager")) {
      back = HistoryWrite.rowsOf(spark, rows, schema).collectAsList();
      assertEquals(List.of(), log.lines());
    }
    assertEquals(301, back.size());
    assertEquals(rows, back);
    assertEquals(inputs, back.get(300).getString(0));
    assertEquals("ckpt_0299", back.get(300).getString(1));
    assertEquals(0.299, back.get(300).getDouble(2));

    // what it replaces: the local relation's task carries every row's copy
    try (LogCapture log = LogCapture.of(Level.WARN, "org.apache.spark.scheduler.TaskSetManager")) {
      spark.createDataFrame(rows, schema).coalesce(1).collectAsList();
      assertTrue(log.lines().stream().anyMatch(l -> l.contains(TASK_SIZE_WARNING)), log.lines().toString());
    }
  }
}
