package io.segeval.jobs.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.NdArray;
import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryImageScores;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.binary.BinaryTargets;
import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImageFiles;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The binary map stage: for each image pair of a partition, reads and decodes both files, checks
 * them, runs the fused pass into the image's {@link BinaryCounts} and the per-image Lovász hinge,
 * and emits a {@link BinaryImageRow}. Buffers are reused across the images of a partition.
 *
 * <p>A bad record throws an {@link ImageRecordException} (policy fail) or becomes a rejected row
 * (policy skip); it is never dropped.
 */
public final class BinaryImageEvaluator implements MapPartitionsFunction<ImagePair, BinaryImageRow> {
  private static final long serialVersionUID = 1L;

  private final BinaryParams params;
  private final InputKind input;
  private final boolean perImageLovasz;
  private final boolean skipBadRecords;
  private final long maxPixels;
  private final HadoopConf hadoopConf;

  public BinaryImageEvaluator(BinaryParams params, InputKind input, boolean perImageLovasz,
      boolean skipBadRecords, long maxPixels, HadoopConf hadoopConf) {
    this.params = params;
    this.input = input;
    this.perImageLovasz = perImageLovasz;
    this.skipBadRecords = skipBadRecords;
    this.maxPixels = maxPixels;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Iterator<BinaryImageRow> call(Iterator<ImagePair> pairs) {
    ImageFiles files = new ImageFiles(hadoopConf, maxPixels);
    Buffers buffers = new Buffers();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pairs.hasNext();
      }

      @Override
      public BinaryImageRow next() {
        ImagePair pair = pairs.next();
        try {
          if (pair.getProblem() != null) {
            throw new BadRecordException(pair.getProblem());
          }
          return evaluate(pair, files, buffers);
        } catch (BadRecordException e) {
          String file = e instanceof ImageRecordException ir ? ir.file() : pair.anyPath();
          if (skipBadRecords) {
            return BinaryImageRow.rejected(pair.getImageId(), file, e.reason());
          }
          throw e instanceof ImageRecordException ? e : new ImageRecordException(pair.getImageId(), file, e.reason());
        }
      }
    };
  }

  /** Per-partition scratch: decoded values and the Lovász workspace. */
  private static final class Buffers {
    double[] pred = new double[0];
    double[] target = new double[0];
    double[] logits = new double[0];
    final LovaszWorkspace lovasz = new LovaszWorkspace();
  }

  private BinaryImageRow evaluate(ImagePair pair, ImageFiles files, Buffers buf) {
    NdArray pred = decode(pair, pair.getPredPath(), pair.getPredLength(), files, buf.pred);
    buf.pred = pred.data();
    NdArray target = decode(pair, pair.getTargetPath(), pair.getTargetLength(), files, buf.target);
    buf.target = target.data();
    int[] shape = imageShape(pred);
    if (!Arrays.equals(shape, imageShape(target))) {
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(),
          "shapes differ: prediction " + pred.shapeString() + ", target " + target.shapeString());
    }
    int n = pred.size();
    int width = shape[1];
    String file = pair.getPredPath();
    try {
      BinaryTargets.normalize(target.data(), n);
      InputKind kind = input;
      if (input == InputKind.LABELS) {
        labelsToProbabilities(pred.data(), n, width);
        kind = InputKind.PROBABILITIES;
      }
      BinaryCounts counts = new BinaryCounts(params);
      counts.update(pred.data(), target.data(), n, width, kind);
      double lovasz = perImageLovasz && input != InputKind.LABELS && n > 0
          ? LovaszHinge.perImage(logitsOf(pred.data(), n, buf), target.data(), n, buf.lovasz)
          : Double.NaN;
      return BinaryImageRow.of(pair.getImageId(), file, counts, BinaryImageScores.of(counts, lovasz));
    } catch (BadRecordException e) {
      throw new ImageRecordException(pair.getImageId(), e.getMessage().contains("target") ? pair.getTargetPath() : file, e.reason());
    }
  }

  private NdArray decode(ImagePair pair, String path, long length, ImageFiles files, double[] reuse) {
    try {
      return files.decode(path, length, reuse);
    } catch (BadRecordException e) {
      throw new ImageRecordException(pair.getImageId(), path, e.reason());
    }
  }

  /** (H, W), or (1, H, W) squeezed to (H, W); anything else is not a binary mask. */
  private static int[] imageShape(NdArray a) {
    int[] s = a.shape();
    if (s.length == 2) {
      return s;
    }
    if (s.length == 3 && s[0] == 1) {
      return new int[] {s[1], s[2]};
    }
    throw new BadRecordException("expected a (H, W) binary mask, got shape " + a.shapeString());
  }

  /** Hard binary labels 0 / 1 / 255 as probabilities 0 / 1. */
  private static void labelsToProbabilities(double[] labels, int n, int width) {
    for (int j = 0; j < n; j++) {
      double v = labels[j];
      if (v == BinaryTargets.FOREGROUND_255) {
        labels[j] = 1.0;
      } else if (v != 0.0 && v != 1.0) {
        throw new BadRecordException("prediction label " + v + " at (row " + j / width + ", col " + j % width
            + ") is not a binary label (0, 1 or 255)");
      }
    }
  }

  /** The logits the Lovász hinge sorts: the predictions themselves, or logit(p) = log p − log(1 − p). */
  private double[] logitsOf(double[] pred, int n, Buffers buf) {
    if (input == InputKind.LOGITS) {
      return pred;
    }
    if (buf.logits.length < n) {
      buf.logits = new double[n];
    }
    for (int j = 0; j < n; j++) {
      buf.logits[j] = Math.log(pred[j]) - Math.log1p(-pred[j]);
    }
    return buf.logits;
  }
}
