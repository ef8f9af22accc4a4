package io.segeval.jobs.input;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import scala.math.BigInt;

/**
 * The batch of Spark's vectorized Parquet reader while SegEval reads its {@code --table} inputs.
 * Spark decodes up to 4096 rows at once, in practice a whole row group: about 600 MB per task for
 * 200 rows of 512×512 arrays. Unless {@value #KEY} is set (then that value wins), SegEval reads
 * batches of about {@link #BATCH_BYTES} of the tables' files: 32 rows of those images, which halved
 * the peak heap (docs/performance.md), while tables of small images keep Spark's 4096 rows. Spark
 * reads the setting from the session when it plans a scan and takes it from no read option, so it
 * is set on the session for the run and removed by {@link #close}.
 */
public final class TableReadBatch implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(TableReadBatch.class);

  /** Spark's setting of the Parquet reader's batch, in rows. */
  public static final String KEY = "spark.sql.parquet.columnarReaderBatchSize";
  /** Spark's default batch, in rows. */
  static final int SPARK_ROWS = 4096;
  /** The tables' bytes in a batch: 32 rows of the benchmark's 512×512 arrays (1.57 MB a row in the files). */
  static final long BATCH_BYTES = 48L << 20;
  /** The batch of tables whose size Spark does not know (a catalog table without statistics): as for 512×512. */
  static final int UNKNOWN_SIZE_ROWS = 32;

  private final SparkSession spark;
  private boolean set;

  public TableReadBatch(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * The rows of a batch of about {@link #BATCH_BYTES} from tables of {@code bytes} (negative:
   * unknown) in {@code rows} rows: at least one, at most Spark's default.
   */
  public static int rows(long bytes, long rows) {
    if (bytes < 0) {
      return UNKNOWN_SIZE_ROWS;
    }
    long perRow = Math.max(1, bytes / Math.max(1, rows));
    return (int) Math.max(1, Math.min(SPARK_ROWS, BATCH_BYTES / perRow));
  }

  /**
   * The size Spark plans {@code rows} with: the bytes of their files (a catalog table without
   * statistics has none, and Spark then plans with an absurd size); -1 when unknown.
   */
  public static long bytesOf(Dataset<?> rows) {
    BigInt size = rows.queryExecution().optimizedPlan().stats().sizeInBytes();
    return size.bitLength() > 62 ? -1 : size.longValue(); // Spark's unknown is Long.MAX_VALUE
  }

  /**
   * Sets the session's batch for tables of {@code bytes} in {@code rows} rows, unless the session
   * has one or the batch would hold all the rows anyway.
   */
  public void choose(long bytes, long rows) {
    int batch = rows(bytes, rows);
    if (spark.conf().contains(KEY) || batch >= Math.min(SPARK_ROWS, rows)) {
      return;
    }
    LOG.info("reading the tables in Parquet batches of {} rows{}, not whole row groups (set {} to choose another)",
        batch, bytes < 0 ? "" : String.format(Locale.ROOT, " of %.2f MB", bytes / (double) Math.max(1, rows) / 1e6), KEY);
    spark.conf().set(KEY, batch);
    set = true;
  }

  /** Removes the batch this set, if it set one. */
  @Override
  public void close() {
    if (set) {
      spark.conf().unset(KEY);
      set = false;
    }
  }
}
