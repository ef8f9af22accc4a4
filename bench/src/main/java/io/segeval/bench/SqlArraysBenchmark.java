package io.segeval.bench;

import io.segeval.spark.SegEvalFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The SQL functions over a Parquet table of arrays ({@code pred array<float>, target array<float>},
 * nullable elements as Parquet gives them), each against its floor, in one JVM, alternating rounds:
 * <ul>
 *   <li>floor: {@code sum(size(pred)) + sum(size(target))}, the scan of the arrays;
 *   <li>binary: {@code seg_binary_metrics(pred, target)} over the binary table;
 *   <li>multiclass: {@code seg_multiclass_metrics(pred, target, C)} over the multiclass table.
 * </ul>
 * Prints each route's seconds per round and its result (doubles in Java's round-trip text), so two
 * builds of udfs run alternately over the same tables compare bit for bit.
 *
 * <pre>java -cp ... io.segeval.bench.SqlArraysBenchmark DIR [images=400] [size=512] [rounds=3] [classes=3]</pre>
 * The tables are written under DIR on first use (fixed seed): binary logits N(0, 2) and 0/1 targets;
 * multiclass C·H·W logits and class ids (a tenth of them 255, ignored), a quarter as many images.
 */
public final class SqlArraysBenchmark {
  private SqlArraysBenchmark() {}

  public static void main(String[] args) throws Exception {
    String dir = args[0];
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int classes = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    SparkSession spark = SparkSession.builder().master("local[2]").appName("sql-arrays")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    try {
      SegEvalFunctions.register(spark);
      String binary = dir + "/binary";
      String multiclass = dir + "/multiclass";
      if (!Files.exists(Path.of(binary))) {
        write(spark, binary, images, size * size, 1);
        write(spark, multiclass, Math.max(1, images / 4), size * size, classes);
      }
      List<String[]> routes = List.of(
          new String[] {"floor", "SELECT sum(size(pred)) + sum(size(target)) FROM parquet.`" + binary + "`"},
          new String[] {"binary", "SELECT seg_binary_metrics(pred, target) FROM parquet.`" + binary + "`"},
          new String[] {"mc-floor", "SELECT sum(size(pred)) + sum(size(target)) FROM parquet.`" + multiclass + "`"},
          new String[] {"multiclass", "SELECT seg_multiclass_metrics(pred, target, " + classes + ") FROM parquet.`"
              + multiclass + "`"});
      for (int round = 1; round <= rounds; round++) {
        for (String[] route : routes) {
          long start = System.nanoTime();
          Row row = spark.sql(route[1]).first();
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf("round %d %-10s %7.2f s%n", round, route[0], seconds);
          if (round == rounds) {
            System.out.println("result " + route[0] + " " + row);
          }
        }
      }
    } finally {
      spark.stop();
    }
  }

  /** {@code images} rows of {@code classes}·n logits (1: binary) and n targets, seeded by the row. */
  private static void write(SparkSession spark, String table, int images, int n, int classes) {
    // elements nullable by type, as tables written by other tools (pyarrow, ...) have them
    DataType floats = DataTypes.createArrayType(DataTypes.FloatType, true);
    StructType schema = new StructType().add("pred", floats).add("target", floats);
    spark.range(images).repartition(2).map((MapFunction<Long, Row>) id -> Image.of(id, n, classes).row(),
        Encoders.row(schema)).write().mode(SaveMode.Overwrite).parquet(table);
  }

  /** One generated row. */
  private static final class Image {
    private float[] pred;
    private float[] target;

    static Image of(long id, int n, int classes) {
      Random r = new Random(id);
      Image image = new Image();
      image.pred = new float[classes * n];
      image.target = new float[n];
      for (int i = 0; i < image.pred.length; i++) {
        image.pred[i] = (float) (2 * r.nextGaussian());
      }
      for (int j = 0; j < n; j++) {
        image.target[j] = classes == 1 ? r.nextInt(2) : r.nextInt(10) == 0 ? 255 : r.nextInt(classes);
      }
      return image;
    }

    Row row() {
      return RowFactory.create(boxed(pred), boxed(target));
    }

    private static Float[] boxed(float[] values) {
      Float[] boxed = new Float[values.length];
      for (int i = 0; i < values.length; i++) {
        boxed[i] = values[i];
      }
      return boxed;
    }
  }
}
