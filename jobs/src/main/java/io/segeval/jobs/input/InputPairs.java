package io.segeval.jobs.input;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.segeval.codec.BadRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lists the prediction and target folders with Spark's {@code binaryFile} source (any Hadoop URI,
 * recursively, without reading the file contents) and pairs the files by image_id with a full
 * outer join, so a file without partner or with a duplicate image_id becomes a pair whose
 * {@code problem} says why, never a silent drop.
 */
public final class InputPairs {
  private InputPairs() {}

  /** The listed files under {@code uri} with their image_ids. */
  public static Dataset<InputFile> list(SparkSession spark, String uri) {
    String root = qualifiedRoot(spark, uri);
    Dataset<Row> files;
    try {
      files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(uri)
          .select("path", "length");
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("PATH_NOT_FOUND") || String.valueOf(e.getMessage()).contains("does not exist")) {
        throw new BadRecordException("input folder " + uri + " does not exist");
      }
      throw e;
    }
    return files.map(
        (MapFunction<Row, InputFile>) r -> {
          String path = r.getString(0);
          return new InputFile(InputFile.imageIdOf(root, path), path, r.getLong(1));
        },
        Encoders.bean(InputFile.class));
  }

  /**
   * Pairs prediction and target files by image_id. Every image_id appears once; a problem pair
   * (missing side, duplicate image_id) has a non-null {@code problem}.
   */
  public static Dataset<ImagePair> pair(Dataset<InputFile> preds, Dataset<InputFile> targets) {
    Dataset<Row> p = perImageId(preds, "pred");
    Dataset<Row> t = perImageId(targets, "target");
    Column problem =
        when(col("predCount").isNull(), lit("no prediction file for this target"))
            .when(col("targetCount").isNull(), lit("no target file for this prediction"))
            .when(col("predCount").gt(1), lit("several prediction files share this image_id (e.g. a.npy and a.png)"))
            .when(col("targetCount").gt(1), lit("several target files share this image_id (e.g. a.npy and a.png)"));
    return p.join(t, p.col("imageId").equalTo(t.col("imageId")), "full_outer")
        .select(
            coalesce(p.col("imageId"), t.col("imageId")).as("imageId"),
            col("predPath"), coalesce(col("predLength"), lit(0L)).as("predLength"),
            col("targetPath"), coalesce(col("targetLength"), lit(0L)).as("targetLength"),
            problem.as("problem"))
        .as(Encoders.bean(ImagePair.class));
  }

  /** One row per image_id: a path (the first, if duplicated), its length and how many files share the id. */
  private static Dataset<Row> perImageId(Dataset<InputFile> files, String side) {
    return files.groupBy("imageId").agg(
        first("path").as(side + "Path"),
        first("length").as(side + "Length"),
        count(lit(1)).as(side + "Count"));
  }

  /** The root URI qualified the way the binaryFile source writes its {@code path} column. */
  static String qualifiedRoot(SparkSession spark, String uri) {
    try {
      Path root = new Path(uri);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path q = fs.makeQualified(root);
      if (!fs.exists(q)) {
        throw new BadRecordException("input folder " + uri + " does not exist");
      }
      if (!fs.getFileStatus(q).isDirectory()) {
        throw new BadRecordException("input " + uri + " is not a folder");
      }
      return q.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri + ": " + e.getMessage(), e);
    }
  }

  /** The distinct lower-case extensions of the good pairs' prediction files (a handful). */
  public static List<String> predictionExtensions(Dataset<ImagePair> pairs) {
    return pairs.filter(col("problem").isNull())
        .map((MapFunction<ImagePair, String>) p -> InputFile.extensionOf(p.getPredPath()), Encoders.STRING())
        .distinct().collectAsList();
  }
}
