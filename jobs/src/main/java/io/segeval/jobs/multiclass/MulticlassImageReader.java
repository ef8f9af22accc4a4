package io.segeval.jobs.multiclass;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;
import io.segeval.core.BadPredictionValueException;
import io.segeval.core.InputKind;
import io.segeval.core.PixelGrid;
import io.segeval.core.ProbabilityOutOfRangeException;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassImageResult;
import io.segeval.jobs.input.ImageDecoder;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.VolumeShapeHints;
import java.util.Arrays;

/**
 * Reads one multiclass image pair on an executor: decodes both sides (files or table cells,
 * {@link ImageDecoder}) and checks their shapes.
 * Predictions are (C, H, W) scores (logits or probabilities, NPY) or a (H, W) label map (PNG or
 * integer NPY, {@code --input labels}); targets are (H, W) class ids: 8/16-bit grey PNG, palette
 * PNG (the decoder gives the palette index, which is the class id) or integer NPY. A (1, H, W)
 * or (H, W, 1) array counts as (H, W); (H, W, C) scores (channels last) are moved channels-first.
 * A (D, H, W) target with D > 1 is a volume: its prediction is (C, D, H, W) scores (channels first
 * only) or, for labels, a (D, H, W) label map; it is evaluated as the (D·H, W) image it is in C
 * order. Values are checked by the engine's fused pass, not here.
 *
 * <p>One per partition: the value buffers are reused, so an {@link Image} is valid until the next
 * {@link #read}.
 */
final class MulticlassImageReader {
  private final ImageDecoder decoder;
  private final InputKind input;
  private final int numClasses;
  private double[] pred = new double[0];
  private double[] target = new double[0];
  /** The other buffer of channels-last scores, moved channels first ({@link NdArray#channelsFirst}). */
  private double[] transposed = new double[0];

  MulticlassImageReader(ImageSource source, InputKind input, int numClasses) {
    this.decoder = source.open();
    this.input = input;
    this.numClasses = numClasses;
  }

  /**
   * One decoded image: {@code pred} channel-major ({@code pred[c*n + j]}) or n labels,
   * {@code target} n class ids (or the ignore index), n = H·W pixels (D·H·W voxels of a volume);
   * {@code grid} names a pixel or voxel; {@code predFloat16}: the prediction was read from
   * float16 ({@link NdArray#float16}: an infinity in it overflowed when it was saved).
   */
  record Image(double[] pred, double[] target, int pixels, PixelGrid grid, boolean predFloat16) {}

  Image read(ImagePair pair) {
    if (pair.getProblem() != null) {
      throw ImageRecordException.ofProblem(pair);
    }
    // refused for its value count, the target names the --max-pixels its C scores need too
    NdArray t = decoder.target(pair, target, input == InputKind.LABELS ? 1 : numClasses);
    target = t.data();
    int[] dhw = ImageDecoder.volumeShape(pair, t);
    if (dhw == null) {
      requireTargetMap(pair, t);
    }
    NdArray p = decoder.pred(pair, pred);
    pred = p.data();
    ImageDecoder.requireScoresUnlessLabels(pair, p, input);
    return dhw != null ? readVolume(pair, p, t, dhw) : readImage(pair, p, t);
  }

  /** An (H, W) image: the target one map, the prediction scores or labels over it. */
  private Image readImage(ImagePair pair, NdArray p, NdArray t) {
    int[] hw = t.mapShape(s -> shapeProblem(p, s) == null); // a (1, W, 1) target as the prediction reads it
    Reason problem = shapeProblem(p, hw);
    if (problem != null) {
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(),
          Reason.of("{} (prediction {}, target {})", problem, p.shapeString(), t.shapeString()));
    }
    if (input != InputKind.LABELS && p.isChannelsLastOf(hw)) {
      double[] decoded = pred; // both buffers are reused: the next image decodes into this one
      pred = p.channelsFirst(transposed).data();
      transposed = decoded;
    }
    return new Image(pred, target, hw[0] * hw[1], PixelGrid.image(hw[1]), p.float16());
  }

  /**
   * A (D, H, W) volume: (C, D, H, W) scores or a (D, H, W) label map. A 3-D target whose
   * prediction fits no volume is refused as a target of several maps when the prediction is a
   * (H, W) map, or 3-D and the target may be score maps given as the target.
   */
  private Image readVolume(ImagePair pair, NdArray p, NdArray t, int[] dhw) {
    Reason problem = volumeShapeProblem(p, dhw);
    if (problem != null) {
      if (p.rank() < 3 || p.rank() == 3 && mayBeSwappedScores(t)) { // no volume: a target of several maps
        requireTargetMap(pair, t);
      }
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(),
          Reason.of("{} (prediction {}, target {})", problem, p.shapeString(), t.shapeString()));
    }
    PixelGrid grid = PixelGrid.volume(dhw[1], dhw[2]);
    decoder.applyTargetLabels(pair, t, grid);
    return new Image(pred, target, t.size(), grid, p.float16());
  }

  /** Why the prediction does not fit the volume {@code dhw}, or null if it does. */
  private Reason volumeShapeProblem(NdArray p, int[] dhw) {
    int[] s = p.shape();
    if (input == InputKind.LABELS) {
      return Arrays.equals(s, dhw) ? null : p.isScoresOfVolume(dhw)
          ? Reason.of("expected a (D, H, W) label map for --input labels, got {} channels of scores;"
              + " pass --input logits or probabilities", s[0])
          : VolumeShapeHints.withHint(Reason.constant("shapes differ"), p, dhw);
    }
    if (p.isScoresOfVolume(dhw)) {
      return s[0] == numClasses ? null : Reason.of("the prediction has {} channels but --num-classes is " + numClasses, s[0]);
    }
    boolean volumeFirst = s.length == 4 && s[0] == dhw[0] && s[1] == dhw[1] && s[2] == dhw[2]; // (D, H, W, k)
    if (volumeFirst && s[3] > 1) {
      return Reason.constant("channels-last (D, H, W, C) scores are not read: SegEval takes a volume's scores channels"
          + " first, (C, D, H, W) with C = " + numClasses + " over a (D, H, W) target (save np.moveaxis(scores, -1, 0))");
    }
    if (Arrays.equals(s, dhw) || volumeFirst) { // (D, H, W), or (D, H, W, 1)
      return VolumeShapeHints.withTrailingOneHint(Reason.constant("expected (C, D, H, W) scores with C = " + numClasses
          + " channels, got a single volume; for label-map predictions pass --input labels"), p);
    }
    return VolumeShapeHints.withHint(
        Reason.of("shapes differ: expected " + numClasses + "x{}x{}x{} (C, D, H, W) scores", dhw[0], dhw[1], dhw[2]), p, dhw);
  }

  /**
   * Adds {@code image} to {@code counts} with the engine's fused pass (and writes its
   * probabilities to {@code probabilitiesOut} unless null). What the engine refuses (a value, or
   * the image's shape) is a bad record of {@code pair}, naming the file it is in; a probability
   * outside [0, 1] says that logits take {@code --input logits}; an infinity read from float16,
   * that it overflowed ({@link BadPredictionValueException#explained}).
   */
  static MulticlassImageResult count(ImagePair pair, Image image, MulticlassCounts counts, double[] probabilitiesOut) {
    try {
      return counts.update(image.pred(), image.target(), image.pixels(), image.grid(), probabilitiesOut);
    } catch (ProbabilityOutOfRangeException e) {
      throw ImageRecordException.of(pair,
          BadPredictionValueException.explained(e.withLogitsHint("--input logits"), image.predFloat16()));
    } catch (BadRecordException e) {
      throw ImageRecordException.of(pair, BadPredictionValueException.explained(e, image.predFloat16()));
    }
  }

  /**
   * Refuses a target that is not one map of class ids: (H, W), or (1, H, W) or (H, W, 1). A target
   * of C score maps, (C, H, W) or (H, W, C), was likely given as --target in place of the
   * prediction: the refusal asks.
   */
  private void requireTargetMap(ImagePair pair, NdArray t) {
    if (t.mapShape() == null) {
      throw new ImageRecordException(pair.getImageId(), pair.getTargetPath(), t.rank() > 3 ? notAVolume(t) : notAMap(t));
    }
  }

  private Reason notAMap(NdArray t) {
    Reason why = Reason.of("expected a (H, W) target of class ids, got shape {}", t.shapeString());
    return mayBeSwappedScores(t)
        ? why.then("; " + numClasses + " maps (--num-classes) are a prediction's scores: " + ImageDecoder.SWAPPED_QUESTION)
        : why;
  }

  /**
   * What a target of 4 or more dimensions is told: volumes are read too. C (--num-classes)
   * volumes, (C, D, H, W) or (D, H, W, C), are a prediction's scores or a one-hot target (as
   * MONAI's AsDiscrete(to_onehot) writes it): the refusal asks, and says how to save class ids.
   */
  private Reason notAVolume(NdArray t) {
    Reason why = Reason.of("expected a (H, W) target of class ids or a (D, H, W) volume of them, got shape {}",
        t.shapeString());
    int[] s = t.shape();
    if (s.length != 4 || s[0] != numClasses && s[3] != numClasses) {
      return VolumeShapeHints.withTrailingOneHint(why, t);
    }
    return why.then("; " + numClasses + " volumes (--num-classes) are a prediction's scores or a one-hot target: "
        + ImageDecoder.SWAPPED_QUESTION + " For a one-hot target save its class ids, np.argmax(target, axis="
        + (s[0] == numClasses ? "0" : "-1") + ")");
  }

  /** Whether a target is C (--num-classes) score maps, (C, H, W) or (H, W, C): a prediction given as the target. */
  private boolean mayBeSwappedScores(NdArray t) {
    int[] s = t.shape();
    return s.length == 3 && (s[0] == numClasses || s[2] == numClasses);
  }

  /** Why the prediction does not fit a target of this (H, W), or null if it does. */
  private Reason shapeProblem(NdArray p, int[] hw) {
    return input == InputKind.LABELS ? labelShapeProblem(p, hw) : scoreShapeProblem(p.shape(), hw);
  }

  /** Why a score array does not fit (C, H, W), or null if it does; C (--num-classes) is the run's constant. */
  private Reason scoreShapeProblem(int[] s, int[] hw) {
    int h = hw[0];
    int w = hw[1];
    if (s.length == 3 && (s[0] == numClasses && s[1] == h && s[2] == w || s[0] == h && s[1] == w && s[2] == numClasses)) {
      return null; // (C, H, W), or channels-last (H, W, C), which read() moves channels-first
    }
    if (s.length == 2 || s.length == 3 && (s[0] == 1 || s[2] == 1)) {
      return Reason.constant("expected (C, H, W) scores with C = " + numClasses + " channels, got a single map;"
          + " for label-map predictions pass --input labels");
    }
    if (s.length != 3) {
      return Reason.of("expected (C, H, W) scores with C = " + numClasses + ", got {} dimensions", s.length);
    }
    if (s[0] == numClasses && s[1] == w && s[2] == h) {
      return Reason.constant("height and width are transposed relative to the target");
    }
    if (s[1] == h && s[2] == w) {
      return Reason.of("the prediction has {} channels but --num-classes is " + numClasses, s[0]);
    }
    return Reason.of("shapes differ: expected " + numClasses + "x{}x{}", h, w);
  }

  /** Why a label map does not fit (H, W) (also saved as (1, H, W) or (H, W, 1)), or null if it does. */
  private static Reason labelShapeProblem(NdArray p, int[] hw) {
    if (p.isMapOf(hw)) {
      return null;
    }
    int[] s = p.shape();
    int[] m = p.mapShape() != null ? p.mapShape() : s;
    if (m.length == 3) {
      return Reason.of("expected a (H, W) label map for --input labels, got {} channels of scores;"
          + " pass --input logits or probabilities", s[0]);
    }
    if (m.length != 2) {
      return Reason.of("expected a (H, W) label map, got {} dimensions", s.length);
    }
    if (m[0] == hw[1] && m[1] == hw[0]) {
      return Reason.constant("height and width are transposed relative to the target");
    }
    return Reason.constant("shapes differ");
  }
}
