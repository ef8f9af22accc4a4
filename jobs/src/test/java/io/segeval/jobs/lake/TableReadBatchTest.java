package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.segeval.codec.MaskCodecs;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.LogCapture;
import io.segeval.jobs.config.TableInput;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.TableInputs;
import io.segeval.jobs.input.TableReadBatch;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --table} reads in Parquet batches of about 48 MB of the table's files unless the
 * session sets {@value TableReadBatch#KEY}, whose value then wins; the session is left as it was,
 * and tables of small rows keep Spark's batch. (A table whose rows a batch would not all hold is
 * over 48 MB: the benchmark checks that route, docs/performance.md.)
 */
class TableReadBatchTest {
  private static final String NAME = TableReadBatch.class.getName();
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir Path tmp;

  private final SparkSession spark = TestSpark.get();

  /** The bytes of a table's data files. */
  private static long dataBytes(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** The size the batch is chosen from: the bytes of the tables' files, several tables' summed. */
  @Test
  void theTablesSizeIsTheirFilesBytes() throws IOException {
    Path one = LakeRuns.pack(DATA, tmp.resolve("one"), "--as-arrays");
    Path two = LakeRuns.pack(DATA, tmp.resolve("two"), "--as-arrays");
    TableInput tables = new TableInput(List.of(one.toString(), two.toString()), TableInput.DEFAULT_FORMAT,
        TableInput.DEFAULT_ID_COL, TableInput.DEFAULT_PRED_COL, TableInput.DEFAULT_TARGET_COL, null);
    TableInputs.Read read = TableInputs.read(spark, tables, List.of(), null,
        new HadoopConf(spark.sparkContext().hadoopConfiguration()), MaskCodecs.DEFAULT_MAX_PIXELS);
    assertEquals(dataBytes(one) + dataBytes(two), read.bytes());
  }

  /**
   * The batch setting of the run's SQL jobs ("null": not set): Spark gives each job the session's
   * SQL settings as its properties, as they were when the job was planned.
   */
  private Set<String> batchOfJobs(String... args) throws Exception {
    Set<String> seen = Collections.synchronizedSet(new TreeSet<>());
    SparkContext sc = spark.sparkContext();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        if (e.properties() != null && e.properties().getProperty("spark.sql.execution.id") != null) {
          seen.add(String.valueOf(e.properties().getProperty(TableReadBatch.KEY)));
        }
      }
    };
    sc.addSparkListener(listener);
    try {
      expect(0, args);
      sc.listenerBus().waitUntilEmpty(10_000);
    } finally {
      sc.removeSparkListener(listener);
    }
    return seen;
  }

  private String[] evaluate(String... input) {
    return CliRun.concat(new String[] {"evaluate", "--output", tmp.resolve("out").toString(), "--overwrite"}, input);
  }

  @Test
  void theBatchHoldsAbout48MbOfTheTablesFilesAndAtMostSparksRows() {
    assertEquals(32, TableReadBatch.rows(400 * 1_571_085L, 400)); // the benchmark's 512×512 arrays
    assertEquals(1, TableReadBatch.rows(10 * 100_000_000L, 10)); // rows of 100 MB: one at a time
    assertEquals(4096, TableReadBatch.rows(20_000 * 1_562L, 20_000)); // 16×16: Spark's own batch
    assertEquals(32, TableReadBatch.rows(-1, 400)); // a catalog table of unknown size
  }

  @Test
  void aBatchIsSetForTheRunAndRemovedAfter() {
    try (LogCapture log = LogCapture.of(Level.INFO, NAME)) {
      try (TableReadBatch batch = new TableReadBatch(spark)) {
        batch.choose(400 * 1_571_085L, 400);
        assertEquals("32", spark.conf().get(TableReadBatch.KEY));
      }
      assertEquals(List.of("INFO " + NAME + ": reading the tables in Parquet batches of 32 rows of 1.57 MB, not whole"
          + " row groups (set " + TableReadBatch.KEY + " to choose another)"), log.lines());
    }
    assertFalse(spark.conf().contains(TableReadBatch.KEY));
  }

  @Test
  void noBatchIsSetWhenOneBatchHoldsEveryRow() {
    try (TableReadBatch batch = new TableReadBatch(spark)) {
      batch.choose(20 * 1_571_085L, 20);
      assertFalse(spark.conf().contains(TableReadBatch.KEY));
    }
  }

  /** A value the user set stays, nothing is logged, and a table run's jobs read with it. */
  @Test
  void aBatchTheUserSetWinsAndStays() throws Exception {
    Path table = LakeRuns.pack(DATA, tmp.resolve("arrays"), "--as-arrays");
    spark.conf().set(TableReadBatch.KEY, "100");
    try (LogCapture log = LogCapture.of(Level.INFO, NAME)) {
      try (TableReadBatch batch = new TableReadBatch(spark)) {
        batch.choose(400 * 1_571_085L, 400);
        assertEquals("100", spark.conf().get(TableReadBatch.KEY));
      }
      assertEquals(Set.of("100"), batchOfJobs(evaluate("--table", table.toString())));
      assertEquals(List.of(), log.lines());
      assertEquals("100", spark.conf().get(TableReadBatch.KEY));
    } finally {
      spark.conf().unset(TableReadBatch.KEY);
    }
  }

  @Test
  void tablesOfSmallRowsAndFoldersKeepSparksBatch() throws Exception {
    Path table = LakeRuns.pack(DATA, tmp.resolve("arrays"), "--as-arrays");
    assertEquals(Set.of("null"), batchOfJobs(evaluate("--table", table.toString())));
    assertEquals(Set.of("null"), batchOfJobs(evaluate("--pred", DATA.resolve("pred").toString(),
        "--target", DATA.resolve("mask").toString())));
    assertFalse(spark.conf().contains(TableReadBatch.KEY));
  }
}
