package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The inputs of a folder run: lists the prediction and target folders on the driver with Hadoop's
 * {@code FileSystem} (any Hadoop URI, recursively, hidden names skipped: {@link FolderListing}),
 * pairs the files by image_id ({@link FilePairing}: a file without partner or with a duplicate
 * image_id becomes a pair whose {@code problem} says why, never a silent drop) and hands the pairs
 * to Spark ({@link #toDataset}). The listing (Hadoop) and the pairing (plain Java) know nothing of
 * Spark: this class is the thin adapter.
 *
 * <p>This is what Spark's file sources do on the driver too (below 32 input paths they list on the
 * driver and keep every file status there), without their jobs: the pairs are known, counted and
 * checked before the first Spark job.
 *
 * <p>Several prediction folders ({@code --pred} named more than once) are each paired with the
 * same target files on their own, their pairs told apart by the group column
 * {@value GroupBy#PRED_DIR}.
 *
 * <p>The pairs come sorted by group values, then image_id, in Spark's string order (code points),
 * and {@link #toDataset} splits them into contiguous ranges: the per-image output is written in
 * that order without a sort.
 */
public final class InputPairs {
  private InputPairs() {}

  /** The reasons of an image_id with files on one side only ({@link PairProblem}). */
  static final String NO_PREDICTION = PairProblem.NO_PREDICTION;
  static final String NO_TARGET = PairProblem.NO_TARGET;

  /**
   * The files under {@code uri} (recursively, hidden names skipped) with their image_ids, sorted by
   * image_id, then path ({@link FolderListing}). A folder that does not exist, or is not a folder,
   * is a bad record naming it, raised here, where the stack trace of {@code --verbose} starts.
   */
  public static List<InputFile> list(Configuration conf, String uri) {
    try {
      Path root = new Path(uri);
      FileSystem fs = root.getFileSystem(conf);
      Path qualified = fs.makeQualified(root);
      if (!fs.exists(qualified)) {
        throw new BadRecordException(
            Reason.of("input folder {}{} does not exist", uri, FileSystemSupport.resolved(root, qualified)));
      }
      if (!fs.getFileStatus(qualified).isDirectory()) {
        throw new BadRecordException(
            Reason.of("input {}{} is not a folder", uri, FileSystemSupport.resolved(root, qualified)));
      }
      return FolderListing.of(fs, qualified, uri);
    } catch (FileNotFoundException e) {
      throw new BadRecordException(Reason.of("input folder {} changed while it was listed: {}", uri, e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Pairs prediction and target files by image_id. Every image_id appears once; a problem pair
   * (missing side, duplicate image_id) has a non-null {@code problem}; with duplicates the pair
   * names the first path. Sorted by group values, then image_id.
   */
  public static List<ImagePair> pair(List<InputFile> preds, List<InputFile> targets, GroupBy groupBy) {
    return pair(Map.of("", preds), targets, groupBy);
  }

  /**
   * Pairs each prediction folder's files with the same target files on its own, as {@link
   * #pair(List, List, GroupBy)} does for one ({@link FilePairing#pair}).
   *
   * @param predsByDir each prediction folder's files, by the folder's {@code pred_dir} name
   */
  public static List<ImagePair> pair(Map<String, List<InputFile>> predsByDir, List<InputFile> targets,
      GroupBy groupBy) {
    return FilePairing.pair(predsByDir, targets, groupBy);
  }

  /**
   * The pairs as a Dataset of {@code partitions} contiguous ranges, in list order (no shuffle: the
   * per-image stage starts from them).
   */
  public static Dataset<ImagePair> toDataset(SparkSession spark, List<ImagePair> pairs, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataset(jsc.parallelize(pairs, partitions).rdd(), Encoders.bean(ImagePair.class));
  }

  /** The images of a partition when {@code --partitions} is not given (and the cores do not ask for more). */
  private static final int IMAGES_PER_PARTITION = 500;

  /**
   * {@code requested} if positive, else about {@value #IMAGES_PER_PARTITION} images per partition
   * and at least two partitions per core (never more partitions than images).
   */
  public static int partitions(SparkSession spark, long images, int requested) {
    if (requested > 0) {
      return requested;
    }
    long atLeast = 2L * spark.sparkContext().defaultParallelism();
    return (int) Math.max(1, Math.min(images, Math.max(atLeast, images / IMAGES_PER_PARTITION)));
  }

  /** The distinct lower-case extensions of the good pairs' prediction (or target) files. */
  public static Set<String> extensions(List<ImagePair> pairs, boolean pred) {
    Set<String> exts = new TreeSet<>();
    for (ImagePair p : pairs) {
      if (p.getProblem() == null) {
        exts.add(InputFile.extensionOf(pred ? p.getPredPath() : p.getTargetPath()));
      }
    }
    return exts;
  }
}
