package io.segeval.bench;

import io.segeval.codec.NdArray;
import io.segeval.core.binary.BinaryTargets;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImageFiles;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.InputPairs;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The image pairs of two folders (SegEval's own listing and pairing), the scan-only pass over them,
 * and the same images as a Parquet table of flattened arrays for the naive SQL routes.
 */
final class ImageTable {
  private ImageTable() {}

  /**
   * Lists and pairs the files as {@code Evaluation} does (on the driver, spread over as many
   * partitions as SegEval uses) and runs {@code action} over the spread pairs.
   */
  static <T> T withPairs(SparkSession spark, String predDir, String targetDir, Function<Dataset<ImagePair>, T> action) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<ImagePair> pairs = InputPairs.pair(InputPairs.list(conf, predDir), InputPairs.list(conf, targetDir), GroupBy.NONE);
    return action.apply(InputPairs.toDataset(spark, pairs, InputPairs.partitions(spark, pairs.size(), 0)));
  }

  /**
   * Reads and decodes every file (NPY and PNG, with {@code io.segeval.codec.MaskCodecs} through
   * SegEval's {@link ImageFiles}) into reused arrays and computes nothing: the floor of any
   * evaluation that reads these files. Returns the pixel count.
   */
  static long scanOnly(SparkSession spark, String predDir, String targetDir) {
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    return withPairs(spark, predDir, targetDir, pairs -> pairs
        .mapPartitions(new Decode(conf), Encoders.LONG())
        .collectAsList().stream().mapToLong(Long::longValue).sum());
  }

  /** One partition: decode both files of every pair; emits the partition's pixel count. */
  private static final class Decode implements MapPartitionsFunction<ImagePair, Long> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;

    Decode(HadoopConf conf) {
      this.conf = conf;
    }

    @Override
    public Iterator<Long> call(Iterator<ImagePair> pairs) {
      ImageFiles files = new ImageFiles(conf, Long.MAX_VALUE);
      double[] pred = new double[0];
      double[] target = new double[0];
      long pixels = 0;
      while (pairs.hasNext()) {
        ImagePair pair = pairs.next();
        NdArray p = files.decode(pair.getPredPath(), pair.getPredLength(), pred);
        NdArray t = files.decode(pair.getTargetPath(), pair.getTargetLength(), target);
        pred = p.data();
        target = t.data();
        pixels += Math.min(p.size(), t.size());
      }
      return List.of(pixels).iterator();
    }
  }

  /** Writes the pairs as Parquet rows {@code (image_id, pred array<float>, target array<float>)}, targets 0/1. */
  static void writeParquet(SparkSession spark, String predDir, String targetDir, String table) {
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    withPairs(spark, predDir, targetDir, pairs -> {
      pairs.mapPartitions(new Flatten(conf), Encoders.bean(FlatImage.class))
          .select("imageId", "pred", "target").withColumnRenamed("imageId", "image_id")
          .write().mode(SaveMode.Overwrite).parquet(table);
      return null;
    });
  }

  /** One row of the Parquet table. */
  public static final class FlatImage implements Serializable {
    private static final long serialVersionUID = 1L;
    private String imageId;
    private float[] pred;
    private float[] target;

    public String getImageId() { return imageId; }
    public void setImageId(String imageId) { this.imageId = imageId; }
    public float[] getPred() { return pred; }
    public void setPred(float[] pred) { this.pred = pred; }
    public float[] getTarget() { return target; }
    public void setTarget(float[] target) { this.target = target; }
  }

  private static final class Flatten implements MapPartitionsFunction<ImagePair, FlatImage> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;

    Flatten(HadoopConf conf) {
      this.conf = conf;
    }

    @Override
    public Iterator<FlatImage> call(Iterator<ImagePair> pairs) {
      ImageFiles files = new ImageFiles(conf, Long.MAX_VALUE);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return pairs.hasNext();
        }

        @Override
        public FlatImage next() {
          ImagePair pair = pairs.next();
          NdArray p = files.decode(pair.getPredPath(), pair.getPredLength(), null);
          NdArray t = files.decode(pair.getTargetPath(), pair.getTargetLength(), null);
          BinaryTargets.normalize(t.data(), t.size());
          FlatImage row = new FlatImage();
          row.setImageId(pair.getImageId());
          row.setPred(toFloats(p));
          row.setTarget(toFloats(t));
          return row;
        }
      };
    }

    private static float[] toFloats(NdArray a) {
      float[] f = new float[a.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) a.data()[i];
      }
      return f;
    }
  }
}
