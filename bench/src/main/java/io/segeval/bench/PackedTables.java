package io.segeval.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.ReusedBuffer;
import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.config.TableInput;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.TableReadBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.KnownNotContainsNull;
import org.apache.spark.sql.classic.ExpressionUtils;

/**
 * The same images as the two tables {@code segeval pack} writes (the layouts {@code evaluate
 * --table} reads), and the scan-only floor of each: the columns SegEval reads, read and turned into
 * the same Java arrays, no metrics.
 */
final class PackedTables {
  private PackedTables() {}

  /** The two layouts of {@code pack}: its option and the table's folder name under the dataset. */
  enum Layout {
    /** {@code pack --as-arrays}: {@code pred array<double>}, {@code target array<int>}, height, width, channels. */
    ARRAYS("arrays.parquet", "--as-arrays"),
    /** {@code pack}: {@code pred} and {@code target} are the NPY and PNG files' bytes. */
    BYTES("packed.parquet", null);

    final String folder;
    final String option;

    Layout(String folder, String option) {
      this.folder = folder;
      this.option = option;
    }

    /** The table of this layout beside the dataset's {@code pred} and {@code mask} folders. */
    Path table(Path data) {
      return data.resolve(folder);
    }
  }

  /** Writes the layout's table of {@code data} with SegEval's own packer, unless it is there. */
  static void ensure(Path data, Layout layout) {
    Path table = layout.table(data);
    if (Files.exists(table.resolve("_SUCCESS"))) {
      return;
    }
    System.out.println("packing " + table + " ...");
    StringWriter console = new StringWriter();
    List<String> args = new ArrayList<>(List.of("pack", "--pred", data.resolve("pred").toString(),
        "--target", data.resolve("mask").toString(), "--output", table.toString(), "--overwrite"));
    if (layout.option != null) {
      args.add(layout.option);
    }
    int code = SegEvalMain.run(new PrintWriter(console), new PrintWriter(console), args.toArray(new String[0]));
    if (code != 0) {
      throw new IllegalStateException("segeval pack failed (" + code + "):\n" + console);
    }
  }

  /**
   * The floor of {@code evaluate --table} over a {@code pack --as-arrays} table: reads the columns
   * SegEval reads (image_id, pred, target, height, width, channels) into the pairs SegEval
   * evaluates ({@link ImagePair}), the cheapest way Spark has, which is SegEval's: each array in its
   * own type (pred {@code double[]}, target {@code int[]}), declared free of nulls so that Spark
   * copies it in bulk instead of boxing every element, and the int target widened to doubles in a
   * reused buffer, as SegEval's decoder does. No null, shape or value check, no metrics. Returns
   * the pixel count.
   */
  static long scanArrays(SparkSession spark, Path table) {
    Map<String, Column> cells = new LinkedHashMap<>();
    cells.put("predValues", withoutNulls(col("pred")));
    cells.put("targetInts", withoutNulls(col("target")));
    for (String name : List.of(TableInput.HEIGHT, TableInput.WIDTH, TableInput.CHANNELS)) {
      cells.put(name, col(name));
    }
    return scanPairs(spark, table, cells, new WidenTargets());
  }

  /** An array column declared to hold no null element (the Parquet reader makes every element nullable). */
  private static Column withoutNulls(Column array) {
    return ExpressionUtils.column(new KnownNotContainsNull(ExpressionUtils.expression(array)));
  }

  /**
   * The floor of {@code evaluate --table} over a {@code pack} table of file bytes: reads image_id,
   * pred and target and decodes both cells with SegEval's codecs ({@link MaskCodecs}, told apart by
   * their magic bytes) into reused arrays, as SegEval's decoder does; computes nothing. Returns
   * the pixel count.
   */
  static long scanBytes(SparkSession spark, Path table) {
    Map<String, Column> cells = new LinkedHashMap<>();
    cells.put("predBytes", col("pred"));
    cells.put("targetBytes", col("target"));
    return scanPairs(spark, table, cells, new DecodeCells());
  }

  /** The table's rows as pairs of these cells (with image_id and the table as the rows' source), scanned; the pixels. */
  private static long scanPairs(SparkSession spark, Path table, Map<String, Column> cells,
      MapPartitionsFunction<ImagePair, Long> scan) {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put("imageId", col("image_id"));
    columns.put("rowSource", lit(table.toString()));
    columns.putAll(cells);
    Dataset<Row> rows = spark.read().parquet(table.toString());
    // read in the batches SegEval's own read of the table chooses (TableReadBatch), not whole row groups
    try (TableReadBatch batch = new TableReadBatch(spark)) {
      batch.choose(TableReadBatch.bytesOf(rows), rows.count());
      return ImagePair.from(rows, columns).mapPartitions(scan, Encoders.LONG())
          .collectAsList().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** One partition of array rows: every target widened to doubles; the pixels (the shorter side's values). */
  private static final class WidenTargets implements MapPartitionsFunction<ImagePair, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Long> call(Iterator<ImagePair> rows) {
      double[] target = new double[0];
      long pixels = 0;
      while (rows.hasNext()) {
        ImagePair r = rows.next();
        int[] t = r.getTargetInts();
        target = ReusedBuffer.atLeast(target, t.length);
        for (int i = 0; i < t.length; i++) {
          target[i] = t[i];
        }
        pixels += Math.min(r.getPredValues().length, t.length);
      }
      return List.of(pixels).iterator();
    }
  }

  /** One partition of byte rows: both cells decoded into reused arrays; the pixels of every row. */
  private static final class DecodeCells implements MapPartitionsFunction<ImagePair, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Long> call(Iterator<ImagePair> pairs) {
      double[] pred = new double[0];
      double[] target = new double[0];
      long pixels = 0;
      while (pairs.hasNext()) {
        ImagePair p = pairs.next();
        NdArray x = decode(p.getPredBytes(), pred);
        NdArray t = decode(p.getTargetBytes(), target);
        pred = x.data();
        target = t.data();
        pixels += Math.min(x.size(), t.size());
      }
      return List.of(pixels).iterator();
    }

    private static NdArray decode(byte[] bytes, double[] reuse) {
      return MaskCodecs.decode(MaskCodecs.typeOfBytes(bytes), bytes, MaskCodecs.DEFAULT_MAX_PIXELS, reuse);
    }
  }
}
