package io.segeval.jobs.pack;

import static org.apache.spark.sql.functions.lit;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.BadRecordException.Side;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;
import io.segeval.jobs.config.PathsByOption;
import io.segeval.jobs.config.PathsByOption.PathOption;
import io.segeval.jobs.config.TableInput;
import io.segeval.jobs.input.FileSystemSupport;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImageDecoder;
import io.segeval.jobs.input.ImageFiles;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.InputFoldersApart;
import io.segeval.jobs.input.InputPairs;
import io.segeval.jobs.input.PairProblems;
import io.segeval.jobs.input.VolumeShapeHints;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.run.RunJobs;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code segeval pack}: a folder dataset (the pairs {@code evaluate --pred --target} reads) as a
 * Parquet table of one row per image, the layout {@code evaluate --table} reads:
 * {@code image_id}, {@code pred}, {@code target} and one constant string column per
 * {@code --set key=value}.
 * <ul>
 *   <li>default: {@code pred} and {@code target} are the files' bytes (NPY or PNG), unchanged;</li>
 *   <li>{@code --as-arrays}: decoded and flattened in C order, plus {@code height}, {@code width}
 *       and {@code channels} (C of a (C, H, W) prediction, else 1). A side whose files are all PNG
 *       becomes {@code array<int>} (labels), any other {@code array<double>} (every value is
 *       exact in double), so evaluate infers the same input kind as from the files.</li>
 * </ul>
 * Both layouts decode every file to check it. Any problem (a file without partner, an
 * undecodable file, shapes that differ, an image with no pixels) stops the pack, naming the image, the file and the
 * reason: a table is never written with images missing, and an existing table that
 * {@code --overwrite} would replace stays as it was.
 */
public final class FolderPacker {
  private FolderPacker() {}

  /** What to pack; {@code constants} as {@link ConstantColumns#parse} checked them. */
  public record Request(String predUri, String targetUri, String outputUri, Map<String, String> constants,
      boolean asArrays, boolean overwrite, long maxPixels, int partitions) {}

  /**
   * Writes the table; returns the number of images. The table is staged beside the output and
   * moved into place once complete ({@link OutputDir}): a pack that fails leaves no table, and
   * with --overwrite the old table stays until the new one is complete.
   */
  public static long pack(SparkSession spark, Request r) {
    PathsByOption paths = new PathsByOption().add(PathOption.PRED, r.predUri()).add(PathOption.TARGET, r.targetUri());
    Map<String, String> inputs = paths.toMap();
    Map<String, String> uris = paths.add(PathOption.OUTPUT, r.outputUri()).toMap();
    FileSystemSupport.require(spark.sparkContext().hadoopConfiguration(), uris);
    InputFoldersApart.require(spark.sparkContext().hadoopConfiguration(), List.of(r.predUri()), r.targetUri());
    OutputDir out = OutputDir.prepareTable(r.outputUri(), r.overwrite(), spark.sparkContext().hadoopConfiguration(), inputs);
    return RunJobs.writingInto(spark.sparkContext(), "pack", out, () -> {
      long images = write(spark, r, out.stagedTable());
      out.commit();
      return images;
    });
  }

  private static long write(SparkSession spark, Request r, String stagedUri) {
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    List<ImagePair> pairs = InputPairs.pair(InputPairs.list(conf.get(), r.predUri()),
        InputPairs.list(conf.get(), r.targetUri()), GroupBy.NONE);
    PairProblems.failOnAny(pairs, GroupBy.NONE); // the first problem pair, the others counted, as evaluate says it
    if (pairs.isEmpty()) {
      throw new BadRecordException(Reason.of("no images found under {} and {}", r.predUri(), r.targetUri()));
    }
    Dataset<ImagePair> spread = InputPairs.toDataset(spark, pairs, InputPairs.partitions(spark, pairs.size(), r.partitions()));
    Layout layout = r.asArrays()
        ? new Layout(true, labelsOnly(pairs, true), labelsOnly(pairs, false))
        : new Layout(false, false, false);
    Dataset<Row> table = spread.mapPartitions(new RowMaker(layout, conf, r.maxPixels()), Encoders.row(layout.schema()));
    for (Map.Entry<String, String> e : r.constants().entrySet()) {
      table = table.withColumn(e.getKey(), lit(e.getValue()));
    }
    RunJobs.step("packing " + pairs.size() + " images into " + r.outputUri());
    table.write().mode(SaveMode.ErrorIfExists).parquet(stagedUri);
    return pairs.size();
  }

  /** Whether every file of a side is a PNG (hard labels). */
  private static boolean labelsOnly(List<ImagePair> pairs, boolean pred) {
    return InputPairs.extensions(pairs, pred).equals(Set.of(".png"));
  }

  /** The table's columns: bytes, or arrays of int (labels) or double. */
  record Layout(boolean arrays, boolean predInts, boolean targetInts) implements Serializable {
    StructType schema() {
      StructType s = new StructType().add("image_id", DataTypes.StringType, false);
      if (!arrays) {
        return s.add("pred", DataTypes.BinaryType, false).add("target", DataTypes.BinaryType, false);
      }
      return s.add("pred", arrayOf(predInts), false).add("target", arrayOf(targetInts), false)
          .add(TableInput.HEIGHT, DataTypes.IntegerType, false)
          .add(TableInput.WIDTH, DataTypes.IntegerType, false)
          .add(TableInput.CHANNELS, DataTypes.IntegerType, false);
    }

    private static DataType arrayOf(boolean ints) {
      return DataTypes.createArrayType(ints ? DataTypes.IntegerType : DataTypes.DoubleType, false);
    }
  }

  /**
   * Reads each pair's files, checks them and makes its row. Both layouts check the same way:
   * both files decode (with the codecs evaluate uses), have pixels and their shapes fit ({@link #imageShape}),
   * so a bytes table holds no file that {@code evaluate --table} would refuse for its encoding or
   * shape (values, e.g. a target of 7, are evaluate's to check, as for folders).
   */
  private static final class RowMaker implements MapPartitionsFunction<ImagePair, Row> {
    private static final long serialVersionUID = 1L;
    private final Layout layout;
    private final HadoopConf conf;
    private final long maxPixels;

    RowMaker(Layout layout, HadoopConf conf, long maxPixels) {
      this.layout = layout;
      this.conf = conf;
      this.maxPixels = maxPixels;
    }

    @Override
    public Iterator<Row> call(Iterator<ImagePair> pairs) {
      ImageFiles files = new ImageFiles(conf, maxPixels);
      return new Iterator<>() {
        // decoded values are copied into the row (arrays) or dropped (bytes): the buffers are reused
        private double[] predBuffer = new double[0];
        private double[] targetBuffer = new double[0];

        @Override
        public boolean hasNext() {
          return pairs.hasNext();
        }

        @Override
        public Row next() {
          ImagePair p = pairs.next();
          byte[] predBytes = read(files, p, p.getPredPath(), p.getPredLength());
          byte[] targetBytes = read(files, p, p.getTargetPath(), p.getTargetLength());
          NdArray pred = decode(p, Side.PREDICTION, p.getPredPath(), predBytes, predBuffer);
          predBuffer = pred.data();
          NdArray target = decode(p, Side.TARGET, p.getTargetPath(), targetBytes, targetBuffer);
          targetBuffer = target.data();
          if (target.volumeShape() != null && pred.rank() >= 3) { // else refused as a target of several maps
            return volumeRow(p, pred, target, predBytes, targetBytes);
          }
          int[] hw = imageShape(p, pred, target);
          if (!layout.arrays()) {
            return RowFactory.create(p.getImageId(), predBytes, targetBytes); // evaluate reads channels last too
          }
          // arrays hold scores channels first, C in the channels column
          NdArray scores = pred.isChannelsLastOf(hw) ? pred.channelsFirst(null) : pred;
          return RowFactory.create(p.getImageId(), values(scores, layout.predInts()), values(target, layout.targetInts()),
              hw[0], hw[1], scores.isMapOf(hw) ? 1 : scores.shape()[0]);
        }
      };
    }

    /**
     * The row of a (D, H, W) volume (a 3-D target that is no single map, D > 1): its prediction
     * must be the same shape (binary scores, labels) or (C, D, H, W) scores, channels first, as
     * evaluate reads them. Bytes only: the array layout's height, width and channels hold images.
     */
    private Row volumeRow(ImagePair p, NdArray pred, NdArray target, byte[] predBytes, byte[] targetBytes) {
      int[] dhw = target.volumeShape();
      if (!Arrays.equals(pred.shape(), dhw) && !pred.isScoresOfVolume(dhw)) {
        throw new ImageRecordException(p.getImageId(), p.getPredPath(), VolumeShapeHints.withHint(
            Reason.of("shapes differ: prediction {}, target {} (a volume's prediction is (D, H, W), or (C, D, H, W)"
                + " scores channels first)", pred.shapeString(), target.shapeString()), pred, dhw));
      }
      if (layout.arrays()) {
        throw new ImageRecordException(p.getImageId(), p.getTargetPath(), Reason.of("a (D, H, W) volume ({}) has no"
            + " --as-arrays layout (height, width and channels columns hold images): pack volumes without --as-arrays,"
            + " as NPY bytes", target.shapeString()));
      }
      return RowFactory.create(p.getImageId(), predBytes, targetBytes);
    }

    /**
     * (H, W) of the image: the target must be one map, (H, W), (1, H, W) or (H, W, 1); the
     * prediction a map of the same (H, W) (binary) or (C, H, W) or (H, W, C) scores over it
     * (multiclass).
     */
    private static int[] imageShape(ImagePair p, NdArray pred, NdArray target) {
      if (target.mapShape() == null) {
        throw new ImageRecordException(p.getImageId(), p.getTargetPath(), target.rank() > 3
            ? VolumeShapeHints.withTrailingOneHint(
                Reason.of("expected a (H, W) target or a (D, H, W) volume, got shape {}", target.shapeString()), target)
            : Reason.of("expected a (H, W) target, got shape {}", target.shapeString()));
      }
      int[] hw = target.mapShape(s -> fits(pred, s)); // a (1, W, 1) target as the prediction reads it
      if (!fits(pred, hw)) {
        throw new ImageRecordException(p.getImageId(), p.getPredPath(),
            Reason.of("shapes differ: prediction {}, target {}", pred.shapeString(), target.shapeString()));
      }
      return hw;
    }

    /** Whether the prediction is a map of this (H, W), or scores over it, channels first or last. */
    private static boolean fits(NdArray pred, int[] hw) {
      int[] s = pred.shape();
      return pred.isMapOf(hw) || s.length == 3 && s[1] == hw[0] && s[2] == hw[1] || pred.isChannelsLastOf(hw);
    }

    private static Object values(NdArray a, boolean ints) {
      int n = a.size();
      if (!ints) {
        return Arrays.copyOf(a.data(), n);
      }
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = (int) a.data()[i];
      }
      return v;
    }

    /** The decoded file of one side, refused as evaluate refuses it: undecodable, or with no pixels. */
    private NdArray decode(ImagePair p, Side side, String path, byte[] bytes, double[] reuse) {
      NdArray a = ImageFiles.ofImage(p.getImageId(), path, () -> MaskCodecs.decode(path, bytes, maxPixels, reuse));
      return ImageDecoder.withPixels(p, side, path, a);
    }

    private static byte[] read(ImageFiles files, ImagePair p, String path, long length) {
      return ImageFiles.ofImage(p.getImageId(), path, () -> files.read(path, length));
    }
  }
}
