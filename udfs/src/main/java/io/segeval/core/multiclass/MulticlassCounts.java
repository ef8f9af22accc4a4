package io.segeval.core.multiclass;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.codec.NdArray;
import io.segeval.core.InputKind;
import io.segeval.core.NeumaierSum;
import io.segeval.core.PixelGrid;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.StoredSums;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The mergeable state of a multiclass evaluation (spec §3), in O(C²) memory whatever the number of
 * images: the C×C confusion matrix M (rows = target class, columns = predicted class = argmax,
 * ties to the lowest index), per class {@code I_c = Σ p_c·[t=c]} and {@code P_c = Σ p_c}
 * (compensated sums), {@code CE = Σ −log p_t} (compensated), the non-ignored pixel count n, the
 * ignored pixel count and the number of images. {@code T_c = Σ [t=c]} is row c of M (exact).
 *
 * <p>Use it like a DataSketches sketch: {@link #update} once per image, {@link #merge} partial
 * states in any grouping (the result does not depend on it beyond the last bits of the
 * compensated sums), then {@link #summary}. With {@link InputKind#LABELS} only M and the counts
 * are filled; the soft sums and CE are not computable and their metrics are {@code null}.
 *
 * <p>Bad records: an update throws {@link BadRecordException} and leaves the state unchanged when
 * a target is neither a class id in [0, C) nor the ignore index (checked first), or a prediction is
 * non-finite (logits), outside [0, 1] or NaN (probabilities), or not a class id (labels), and when
 * its n pixels are not whole rows of its width. An empty image (n = 0, of any width) is an image of
 * 0 pixels whose per-image values are null.
 * Predictions are checked at every pixel, ignored ones included: such a value means a broken file
 * or a wrong C whatever the target says. The message names the first offending position as
 * "(row r, col c)", or "(channel k, row r, col c)" for a score, computed from the {@code width}
 * argument.
 *
 * <p>Probability input is used as given (not renormalised); its CE clamps log p_t at −100 as
 * PyTorch does, so p_t = 0 costs 100 rather than infinity.
 *
 * <p>Not thread-safe. Serializable; the reusable per-image buffers are transient.
 */
public final class MulticlassCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final MulticlassParams params;
  private final int numClasses;
  /** M[t][p] at t*C + p. */
  private final long[] confusion;
  private final double[] inter;
  private final double[] interComp;
  private final double[] predSum;
  private final double[] predSumComp;
  private double ce;
  private double ceComp;
  private long pixels;
  private long ignored;
  private long images;
  private transient MulticlassImagePass pass;

  public MulticlassCounts(MulticlassParams params) {
    this.params = params;
    this.numClasses = params.numClasses();
    confusion = new long[numClasses * numClasses];
    inter = new double[numClasses];
    interComp = new double[numClasses];
    predSum = new double[numClasses];
    predSumComp = new double[numClasses];
  }

  /**
   * Adds one image in one fused pass.
   *
   * @param pred LOGITS/PROBABILITIES: C×n channel-major values, {@code pred[c*n + j]}; LABELS: n
   *     predicted class ids
   * @param target n target class ids or the ignore index (integral doubles)
   * @param n pixels of the image (H·W)
   * @param width the image width W, only used to report (row, col) of a bad value; pass n for a
   *     flat image. An empty image (n = 0: no rows, or rows of width 0) is an image of 0 pixels
   *     whatever its width.
   * @return the image's own per-image values
   * @throws BadRecordException for an invalid value, or n that is not whole rows of {@code width}
   *     (the state is then unchanged)
   */
  public MulticlassImageResult update(double[] pred, double[] target, int n, int width) {
    return update(pred, target, n, width, null);
  }

  /**
   * As {@link #update(double[], double[], int, int)}, and also writes the probabilities p_cj of
   * every pixel (ignored ones included) to {@code probabilitiesOut[c*n + j]} when it is not null,
   * so the Lovász stage need not compute the softmax again. Probability input is copied.
   * {@code probabilitiesOut} may be {@code pred} itself (a tile's probabilities are written once the
   * pass has read its scores): the scores are then replaced, with no second C·n array.
   * Not available for LABELS.
   */
  public MulticlassImageResult update(
      double[] pred, double[] target, int n, int width, double[] probabilitiesOut) {
    return update(pred, target, n, PixelGrid.image(width), probabilitiesOut);
  }

  /**
   * As {@link #update(double[], double[], int, int, double[])}; {@code grid} names a bad value's
   * pixel, or its voxel in a (D, H, W) volume (n = D·H·W, evaluated as D·H rows of width W).
   */
  public MulticlassImageResult update(
      double[] pred, double[] target, int n, PixelGrid grid, double[] probabilitiesOut) {
    checkArrays(pred, target, n, grid.width(), probabilitiesOut);
    if (pass == null) {
      pass = new MulticlassImagePass(params);
    }
    pass.run(pred, target, n, grid, probabilitiesOut);
    addImage(pass);
    return pass.imageResult();
  }

  /** Uses {@code kernel} for the channel loops from now on (tests run both kernels). */
  MulticlassCounts useKernel(ChannelKernel kernel) {
    pass = new MulticlassImagePass(params, kernel);
    return this;
  }

  /**
   * Adds one decoded image: the prediction is (C, H, W) for logits or probabilities, (H, W) for
   * labels; the target is (H, W). A shape that does not fit is a {@link BadRecordException}.
   */
  public MulticlassImageResult update(NdArray pred, NdArray target) {
    return update(pred, target, null);
  }

  /** As {@link #update(NdArray, NdArray)} with a probability buffer (see the array overload). */
  public MulticlassImageResult update(NdArray pred, NdArray target, double[] probabilitiesOut) {
    int[] ts = target.shape();
    if (ts.length != 2) {
      throw new BadRecordException(Reason.of("target must be a 2-D (H, W) class map, got shape {}", target.shapeString()));
    }
    int[] ps = pred.shape();
    boolean labels = params.inputKind() == InputKind.LABELS;
    int spatial = labels ? 0 : 1;
    if (!labels && (ps.length != 3 || ps[0] != numClasses)) {
      throw new BadRecordException(Reason.of("prediction must have shape (" + numClasses + ", H, W) for " + numClasses
          + " classes, got {}", pred.shapeString()));
    }
    if (ps.length != spatial + 2 || ps[spatial] != ts[0] || ps[spatial + 1] != ts[1]) {
      throw new BadRecordException(Reason.of("prediction shape {} does not match target shape {}",
          pred.shapeString(), target.shapeString()));
    }
    return update(pred.data(), target.data(), target.size(), ts[1], probabilitiesOut);
  }

  private void checkArrays(double[] pred, double[] target, int n, int width, double[] out) {
    long predValues = params.hasSoftScores() ? (long) numClasses * n : n;
    // n = H·W: whole rows of width W; an empty image (H or W = 0) is n = 0 of any width, 0 included
    if (n < 0 || width < 0 || (n > 0 && (width == 0 || n % width != 0))) {
      throw new BadRecordException(Reason.of("{} pixels are not whole rows of width {}", n, width));
    }
    if (target.length < n || pred.length < predValues) {
      throw new IllegalArgumentException(
          "arrays too short: pred " + pred.length + " < " + predValues + " or target "
              + target.length + " < " + n);
    }
    if (out != null && (!params.hasSoftScores() || out.length < predValues)) {
      throw new IllegalArgumentException(
          params.hasSoftScores()
              ? "probability buffer holds " + out.length + " values, needs " + predValues
              : "label predictions have no probabilities to write");
    }
  }

  private void addImage(MulticlassImagePass image) {
    int[] t = image.cellTarget;
    int[] p = image.cellPred;
    for (int k = 0; k < image.pixels; k++) {
      confusion[t[k] * numClasses + p[k]]++;
    }
    CompensatedArrays.addAll(inter, interComp, image.inter, image.interComp);
    CompensatedArrays.addAll(predSum, predSumComp, image.predSum, image.predSumComp);
    addCe(image.ce, image.ceComp);
    pixels += image.pixels;
    ignored += image.ignored;
    images++;
  }

  /**
   * Adds {@code other} into this state (a monoid: the empty state is the identity, merging is
   * commutative and associative up to the last bits of the compensated sums; counts are exact).
   *
   * @return this
   * @throws RefusedArgumentException if the parameters differ
   */
  public MulticlassCounts merge(MulticlassCounts other) {
    if (!params.equals(other.params)) {
      throw new RefusedArgumentException(
          "cannot merge multiclass states built with different parameters: " + params.toOptionString() + " vs "
              + other.params.toOptionString());
    }
    for (int i = 0; i < confusion.length; i++) {
      confusion[i] += other.confusion[i];
    }
    CompensatedArrays.addAll(inter, interComp, other.inter, other.interComp);
    CompensatedArrays.addAll(predSum, predSumComp, other.predSum, other.predSumComp);
    addCe(other.ce, other.ceComp);
    pixels += other.pixels;
    ignored += other.ignored;
    images += other.images;
    return this;
  }

  /**
   * Adds the compensated pair (sum, comp) into (ce, ceComp): {@code t = ce + sum},
   * {@code ceComp += ((ce + sum) − t) + comp}, {@code ce = t}.
   */
  private void addCe(double sum, double comp) {
    double t = ce + sum;
    ceComp += NeumaierSum.roundingError(ce, sum, t) + comp;
    ce = t;
  }

  /** A new state equal to this one. */
  public MulticlassCounts copy() {
    return new MulticlassCounts(params).merge(this);
  }

  /** Refuses a stored per-class sum of values in [0, 1] that no pass can give: negative, infinite or NaN. */
  private static void requireSum(String name, int classId, double value) {
    if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
      throw new RefusedArgumentException(name + " of class " + classId + " is " + value
          + ", no sum of a multiclass pass (one >= 0 and finite)");
    }
  }

  /**
   * A state with the given totals, e.g. read back from a stored state (the SQL state functions);
   * the sums start uncompensated. For label predictions the soft sums are not kept and the
   * arrays may be null.
   *
   * @param confusion M[t][p] at t·C + p; its entries add up to {@code pixels}
   * @throws RefusedArgumentException if the lengths or counts do not fit
   */
  public static MulticlassCounts of(MulticlassParams params, long images, long pixels, long ignored,
      long[] confusion, double[] intersection, double[] predictedSum, double crossEntropy) {
    MulticlassCounts c = new MulticlassCounts(params);
    int k = c.numClasses;
    if (confusion.length != k * k) {
      throw new RefusedArgumentException("confusion matrix of " + confusion.length + " entries for C = " + k);
    }
    long total = 0;
    for (long v : confusion) {
      if (v < 0) {
        throw new RefusedArgumentException("negative confusion count " + v);
      }
      total += v;
    }
    if (total != pixels || images < 0 || ignored < 0) {
      throw new RefusedArgumentException("counts do not fit: confusion total " + total + ", pixels " + pixels
          + ", images " + images + ", ignored " + ignored);
    }
    System.arraycopy(confusion, 0, c.confusion, 0, confusion.length);
    if (params.hasSoftScores()) {
      if (intersection.length != k || predictedSum.length != k) {
        throw new RefusedArgumentException("per-class sums of " + intersection.length + " and " + predictedSum.length
            + " values for C = " + k);
      }
      for (int j = 0; j < k; j++) {
        requireSum("intersection", j, intersection[j]);
        requireSum("predicted_sum", j, predictedSum[j]);
        // p_c in [0, 1]: I_c = Σ p_c·[t=c] <= P_c and <= T_c (row c of M); P_c <= pixels
        long row = 0;
        for (int p = 0; p < k; p++) {
          row += confusion[j * k + p];
        }
        String ofClass = " of class " + j;
        StoredSums.requireAtMost("intersection" + ofClass, intersection[j], "predicted_sum" + ofClass, predictedSum[j]);
        StoredSums.requireAtMost("intersection" + ofClass, intersection[j], "the count of class " + j + " in the targets", row);
        StoredSums.requireAtMost("predicted_sum" + ofClass, predictedSum[j], "pixels", pixels);
      }
      // Σ −log p_t of non-negative terms; NaN after an overflow
      if (!(crossEntropy >= 0 && crossEntropy < Double.POSITIVE_INFINITY || Double.isNaN(crossEntropy))) {
        throw new RefusedArgumentException("cross-entropy sum " + crossEntropy
            + " is no sum of a multiclass pass (one >= 0 and finite, or NaN after an overflow)");
      }
      System.arraycopy(intersection, 0, c.inter, 0, k);
      System.arraycopy(predictedSum, 0, c.predSum, 0, k);
      c.ce = crossEntropy;
    }
    c.pixels = pixels;
    c.ignored = ignored;
    c.images = images;
    return c;
  }

  // ---------------------------------------------------------------- queries

  public MulticlassParams params() {
    return params;
  }

  public int numClasses() {
    return numClasses;
  }

  /** Images added (including those with every pixel ignored). */
  public long images() {
    return images;
  }

  /** n, the non-ignored pixels. */
  public long pixels() {
    return pixels;
  }

  public long ignored() {
    return ignored;
  }

  /** M[t][p]: pixels of target class t predicted as p. */
  public long confusion(int targetClass, int predictedClass) {
    return confusion[targetClass * numClasses + predictedClass];
  }

  /** A copy of M as rows (target class) of columns (predicted class). */
  public long[][] confusionMatrix() {
    long[][] m = new long[numClasses][];
    for (int t = 0; t < numClasses; t++) {
      m[t] = Arrays.copyOfRange(confusion, t * numClasses, (t + 1) * numClasses);
    }
    return m;
  }

  /** row_c = Σ_p M[c][p] = T_c, the pixels whose target is c. */
  public long targetCount(int c) {
    long s = 0;
    for (int p = 0; p < numClasses; p++) {
      s += confusion[c * numClasses + p];
    }
    return s;
  }

  /** col_c = Σ_t M[t][c], the pixels predicted as c. */
  public long predictedCount(int c) {
    long s = 0;
    for (int t = 0; t < numClasses; t++) {
      s += confusion[t * numClasses + c];
    }
    return s;
  }

  /** M[c][c]. */
  public long truePositives(int c) {
    return confusion[c * numClasses + c];
  }

  /** I_c = Σ p_c·[t=c]; NaN for label predictions. Finite otherwise (p_c ∈ [0, 1], refused outside). */
  public double intersection(int c) {
    return params.hasSoftScores() ? CompensatedArrays.value(inter, interComp, c) : Double.NaN;
  }

  /** P_c = Σ p_c; NaN for label predictions. Finite otherwise (p_c ∈ [0, 1], refused outside). */
  public double predictedSum(int c) {
    return params.hasSoftScores() ? CompensatedArrays.value(predSum, predSumComp, c) : Double.NaN;
  }

  /**
   * CE = Σ −log p_t; NaN for label predictions. Each image's sum is finite (an image whose sum is
   * not is refused), so the dataset's is NaN, never infinite, only if the images' sums add up past
   * the double range (the compensation is then ∞ − ∞, as in {@link NeumaierSum}). A state made by
   * {@link #of} holds the total it was given.
   */
  public double crossEntropySum() {
    return params.hasSoftScores() ? ce + ceComp : Double.NaN;
  }

  /** The dataset metrics, per-class values and confusion matrix of this state. */
  public MulticlassSummary summary() {
    return MulticlassSummary.of(this);
  }

  @Override
  public String toString() {
    return "MulticlassCounts{" + params + ", images=" + images + ", pixels=" + pixels
        + ", ignored=" + ignored + "}";
  }
}
