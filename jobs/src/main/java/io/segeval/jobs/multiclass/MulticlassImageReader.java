package io.segeval.jobs.multiclass;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;
import io.segeval.core.InputKind;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassImageResult;
import io.segeval.jobs.input.ImageDecoder;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.input.ImageRecordException;

/**
 * Reads one multiclass image pair on an executor: decodes both sides (files or table cells,
 * {@link ImageDecoder}) and checks their shapes.
 * Predictions are (C, H, W) scores (logits or probabilities, NPY) or a (H, W) label map (PNG or
 * integer NPY, {@code --input labels}); targets are (H, W) class ids: 8/16-bit grey PNG, palette
 * PNG (the decoder gives the palette index, which is the class id) or integer NPY. A (1, H, W)
 * or (H, W, 1) array counts as (H, W); (H, W, C) scores (channels last) are moved channels-first.
 * Values are checked by the engine's fused pass, not here.
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
   * {@code target} n class ids (or the ignore index), n = H·W pixels of width W.
   */
  record Image(double[] pred, double[] target, int pixels, int width) {}

  Image read(ImagePair pair) {
    if (pair.getProblem() != null) {
      throw ImageRecordException.ofProblem(pair);
    }
    NdArray t = decoder.target(pair, target);
    target = t.data();
    requireTargetMap(pair, t);
    NdArray p = decoder.pred(pair, pred);
    pred = p.data();
    ImageDecoder.requireScoresUnlessLabels(pair, p, input);
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
    return new Image(pred, target, hw[0] * hw[1], hw[1]);
  }

  /**
   * Adds {@code image} to {@code counts} with the engine's fused pass (and writes its
   * probabilities to {@code probabilitiesOut} unless null). What the engine refuses (a value, or
   * the image's shape) is a bad record of {@code pair}, naming the file it is in.
   */
  static MulticlassImageResult count(ImagePair pair, Image image, MulticlassCounts counts, double[] probabilitiesOut) {
    try {
      return counts.update(image.pred(), image.target(), image.pixels(), image.width(), probabilitiesOut);
    } catch (BadRecordException e) {
      throw ImageRecordException.of(pair, e);
    }
  }

  /**
   * Refuses a target that is not one map of class ids: (H, W), or (1, H, W) or (H, W, 1). A target
   * of C score maps, (C, H, W) or (H, W, C), was likely given as --target in place of the
   * prediction: the refusal asks.
   */
  private void requireTargetMap(ImagePair pair, NdArray t) {
    if (t.mapShape() == null) {
      int[] s = t.shape();
      Reason why = Reason.of("expected a (H, W) target of class ids, got shape {}", t.shapeString());
      boolean scoreMaps = s.length == 3 && (s[0] == numClasses || s[2] == numClasses);
      throw new ImageRecordException(pair.getImageId(), pair.getTargetPath(), scoreMaps
          ? why.then("; " + numClasses + " maps (--num-classes) are a prediction's scores: " + ImageDecoder.SWAPPED_QUESTION)
          : why);
    }
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
