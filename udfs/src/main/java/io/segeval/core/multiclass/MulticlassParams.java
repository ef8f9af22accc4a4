package io.segeval.core.multiclass;

import io.segeval.core.InputKind;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryParams;
import java.io.Serializable;

/**
 * The parameters of a multiclass evaluation (spec §3, §5): the channel count C, the target value
 * that marks a pixel as ignored, the Dice smoothing {@code s} and what the prediction holds.
 *
 * <p>{@code ignoreIndex} may be any int: 255 (the default), or e.g. -1 when no target uses it, or
 * even a class id in [0, C) (that class is then never counted, as with PyTorch's
 * {@code ignore_index}).
 *
 * @param numClasses C, at least 2 and small enough for a C×C matrix of longs
 * @param ignoreIndex the target value whose pixels are left out of every sum and count
 * @param smooth {@code s} of the soft Dice loss, finite and {@code >= 0}
 * @param inputKind logits (softmax over channels), probabilities, or a label map
 */
public record MulticlassParams(int numClasses, int ignoreIndex, double smooth, InputKind inputKind)
    implements Serializable {

  public static final int DEFAULT_IGNORE_INDEX = 255;
  /** One {@code --smooth} serves both tasks, so one default. */
  public static final double DEFAULT_SMOOTH = BinaryParams.DEFAULT_SMOOTH;
  /** Largest C whose C×C confusion matrix fits one Java array. */
  public static final int MAX_CLASSES = 46_340;

  public MulticlassParams {
    requireClassCount(numClasses);
    if (!(smooth >= 0) || Double.isInfinite(smooth)) {
      throw new RefusedArgumentException("smooth must be finite and >= 0, got " + smooth);
    }
    if (inputKind == null) {
      throw new IllegalArgumentException("input kind is required");
    }
  }

  /** Refuses a C outside [2, {@link #MAX_CLASSES}] (a long: a SQL literal may be a bigint). */
  public static void requireClassCount(long numClasses) {
    if (numClasses < 2 || numClasses > MAX_CLASSES) {
      throw new RefusedArgumentException(
          "number of classes must be in [2, " + MAX_CLASSES + "], got " + numClasses);
    }
  }

  /** C classes with the defaults: ignore index 255, smooth 1, logits. */
  public static MulticlassParams of(int numClasses) {
    return new MulticlassParams(numClasses, DEFAULT_IGNORE_INDEX, DEFAULT_SMOOTH, InputKind.LOGITS);
  }

  public MulticlassParams withIgnoreIndex(int value) {
    return new MulticlassParams(numClasses, value, smooth, inputKind);
  }

  public MulticlassParams withSmooth(double value) {
    return new MulticlassParams(numClasses, ignoreIndex, value, inputKind);
  }

  public MulticlassParams withInputKind(InputKind value) {
    return new MulticlassParams(numClasses, ignoreIndex, smooth, value);
  }

  /**
   * The parameters as the SQL functions take them, for messages:
   * {@code num_classes=5,ignore_index=255,smooth=1.0,input=logits}.
   */
  public String toOptionString() {
    return "num_classes=" + numClasses + ",ignore_index=" + ignoreIndex + ",smooth=" + smooth + ",input="
        + inputKind.key();
  }

  /** Whether the soft sums (I_c, P_c, CE) exist: false for label-map predictions. */
  public boolean hasSoftScores() {
    return inputKind != InputKind.LABELS;
  }
}
