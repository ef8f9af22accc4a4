package io.segeval.jobs.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;
import io.segeval.codec.ReusedBuffer;
import io.segeval.core.InputKind;
import io.segeval.core.PixelGrid;
import io.segeval.core.binary.BinaryLabels;
import io.segeval.core.binary.BinaryTargets;
import io.segeval.jobs.input.ImageDecoder;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.VolumeShapeHints;
import java.util.Arrays;

/**
 * Reads one binary image pair on an executor: decodes both sides (files or table cells,
 * {@link ImageDecoder}), checks the shapes (an (H, W) map, also saved (1, H, W) or (H, W, 1), or a
 * (D, H, W) volume with D > 1 on both sides, evaluated as the (D·H, W) image it is), maps target
 * 255 to 1 and hard prediction labels to probabilities 0/1. One per partition: the value buffers
 * are reused, so an {@link Image} is valid until the next {@link #read}.
 */
final class BinaryImageReader {
  private final ImageDecoder decoder;
  private final InputKind input;
  private double[] pred = new double[0];
  private double[] target = new double[0];
  private double[] logits = new double[0];

  BinaryImageReader(ImageSource source, InputKind input) {
    this.decoder = source.open();
    this.input = input;
  }

  /**
   * One decoded image: {@code pred} holds logits, or probabilities for probability and label
   * input ({@link #kind}), {@code target} values in [0, 1] after 255 → 1; {@code grid} names a
   * pixel, or a volume's voxel; {@code predFloat16}: the prediction was read from float16
   * ({@link NdArray#float16}: an infinity in it overflowed when it was saved).
   */
  record Image(double[] pred, double[] target, int pixels, PixelGrid grid, InputKind kind, boolean predFloat16) {}

  Image read(ImagePair pair) {
    if (pair.getProblem() != null) {
      throw ImageRecordException.ofProblem(pair);
    }
    NdArray p = decoder.pred(pair, pred);
    pred = p.data();
    ImageDecoder.requireScoresUnlessLabels(pair, p, input);
    NdArray t = decoder.target(pair, target);
    target = t.data();
    if (t.rank() > 3) { // no map and no volume, whatever the prediction: the target is refused, not it
      throw new ImageRecordException(pair.getImageId(), pair.getTargetPath(),
          VolumeShapeHints.withTrailingOneHint(notAMask(t), t));
    }
    int[] dhw = ImageDecoder.volumeShape(pair, t);
    // a (H, W) prediction's 3-D target is no volume: refused as a target of several maps, as ever
    PixelGrid grid = dhw != null && p.rank() >= 3 ? volumeGrid(pair, p, dhw, t) : imageGrid(pair, p, t);
    int n = p.size();
    BinaryTargets.normalize(target, n);
    InputKind kind = input;
    if (input == InputKind.LABELS) {
      try {
        BinaryLabels.toProbabilities(pred, n, grid, SCORES_HINT);
      } catch (BadRecordException e) {
        throw new ImageRecordException(pair.getImageId(), pair.getPredPath(), e.why());
      }
      kind = InputKind.PROBABILITIES;
    }
    return new Image(pred, target, n, grid, kind, p.float16());
  }

  /** The grid of an image: both sides one (H, W) map of the same size. */
  private static PixelGrid imageGrid(ImagePair pair, NdArray p, NdArray t) {
    if (p.mapShape() == null) { // one map at all
      Reason hint = multiclassHint(p, t);
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(),
          hint == null ? notAMask(p) : Reason.of("{}; {}", notAMask(p), hint));
    }
    requireTargetMask(pair, t);
    int[] shape = t.mapShape(p::isMapOf); // a (1, W, 1) target as the prediction reads it
    if (!p.isMapOf(shape)) {
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(),
          shapesDiffer(p, t));
    }
    return PixelGrid.image(shape[1]);
  }

  /**
   * The grid of a volume: the target is (D, H, W) with D > 1, the prediction must be the same
   * shape. (C, D, H, W) scores over it are a multiclass prediction (the hint says what to add).
   */
  private static PixelGrid volumeGrid(ImagePair pair, NdArray p, int[] dhw, NdArray t) {
    if (p.isScoresOfVolume(dhw) && p.shape()[0] > 1) {
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(),
          Reason.of("{}; {}", notAMask(p), multiclassHint(p.shape()[0])));
    }
    if (!Arrays.equals(p.shape(), dhw)) {
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(),
          VolumeShapeHints.withHint(shapesDiffer(p, t), p, dhw));
    }
    return PixelGrid.volume(dhw[1], dhw[2]);
  }

  private static Reason shapesDiffer(NdArray p, NdArray t) {
    return Reason.of("shapes differ: prediction {}, target {}", p.shapeString(), t.shapeString());
  }

  /** Probabilities are clamped to [2^-24, 1 − 2^-24] (float32 resolution) before their logit. */
  private static final double PROBABILITY_CLAMP = 0x1p-24;

  /**
   * The logits the Lovász hinge sorts: the predictions, or logit(p) = log p − log(1 − p) of the
   * clamped probability, so that a saturated p = 1.0 gives a logit of about 16.6, not infinity.
   */
  double[] logits(Image image) {
    if (image.kind() == InputKind.LOGITS) {
      return image.pred();
    }
    int n = image.pixels();
    logits = ReusedBuffer.atLeast(logits, n);
    for (int j = 0; j < n; j++) {
      double p = Math.min(Math.max(image.pred()[j], PROBABILITY_CLAMP), 1 - PROBABILITY_CLAMP);
      logits[j] = Math.log(p) - Math.log1p(-p);
    }
    return logits;
  }

  /** Refuses a target that is not one map: (H, W), or (1, H, W) or (H, W, 1); anything else is not a binary mask. */
  private static void requireTargetMask(ImagePair pair, NdArray t) {
    if (t.mapShape() == null) {
      throw new ImageRecordException(pair.getImageId(), pair.getTargetPath(), notAMask(t));
    }
  }

  /** What a prediction or target of no usable shape is told; beyond 3 dimensions, that volumes are read too. */
  private static Reason notAMask(NdArray a) {
    return a.rank() > 3
        ? Reason.of("expected a (H, W) binary mask or a (D, H, W) volume, got shape {}", a.shapeString())
        : Reason.of("expected a (H, W) binary mask, got shape {}", a.shapeString());
  }

  /**
   * A prediction of C > 1 score maps over the target's (H, W), channels first (C, H, W) or last
   * (H, W, C), is a multiclass one given to the binary task: the options it needs; else null.
   */
  static Reason multiclassHint(NdArray pred, NdArray target) {
    int[] hw = target.mapShape();
    int[] s = pred.shape();
    if (hw == null || s.length != 3) {
      return null;
    }
    int channels = s[1] == hw[0] && s[2] == hw[1] ? s[0] : pred.isChannelsLastOf(hw) ? s[2] : 0;
    return channels > 1 ? multiclassHint(channels) : null;
  }

  private static Reason multiclassHint(int channels) {
    return Reason.of("{} score maps of the target's size are a multiclass prediction: add --task multiclass"
        + " --num-classes {}", channels, channels);
  }

  /** What a label prediction with a fractional or negative value is told: it holds scores. */
  static final String SCORES_HINT = "; a fractional or negative value is a score, not a label: drop --input labels (logits are the"
      + " default for .npy; --input probabilities for values in [0, 1])";
}
