package io.segeval.core.multiclass;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.BadPredictionValueException;
import io.segeval.core.InputKind;
import io.segeval.core.NeumaierSum;
import io.segeval.core.PixelGrid;
import io.segeval.core.ProbabilityOutOfRangeException;
import io.segeval.core.ValueText;
import java.util.Arrays;

/**
 * The fused per-image kernel behind {@link MulticlassCounts#update}: one pass over one image that
 * validates it and computes that image's contribution (softmax, argmax, cross-entropy, per-class
 * soft sums, confusion cells) into buffers of its own. Nothing is added to a dataset state until
 * the whole image has passed, so a bad record leaves the state untouched.
 *
 * <p>Predictions are channel-major ({@code pred[c*n + j]}). Pixels are processed in tiles: for
 * each tile, channels are the outer loop, so every channel is read sequentially, and the tile's
 * exponentials stay in cache so each is computed once. A tile is {@value #TILE_DOUBLES} / C pixels,
 * rounded down to a multiple of 16 and kept within [16, 1024]: it holds at most
 * {@value #TILE_DOUBLES} exponentials up to C = 1024, and 16·C beyond.
 * Per-class sums are plain within blocks of at most {@value #SUM_BLOCK} pixels and compensated
 * (Neumaier) across blocks. The loops over channels are a {@link ChannelKernel} (vectorised when
 * the JVM has the Vector API); the per-pixel work (cross-entropy, confusion cells) is here.
 *
 * <p>Not thread-safe; buffers are reused from image to image.
 */
final class MulticlassImagePass {
  static final int SUM_BLOCK = 4096;
  static final int TILE_DOUBLES = 16_384;
  private static final int IGNORED = -1;
  /** PyTorch clamps log(p) at −100 in its probability losses; so does the probability CE here. */
  private static final double LOG_FLOOR = -100.0;

  private final int numClasses;
  private final double ignoreValue;
  private final InputKind kind;
  private final int tile;
  private final ChannelKernel kernel;

  // ---- the last image's contribution (valid after run() returns) ----
  int pixels;
  int ignored;
  final double[] inter;
  final double[] interComp;
  final double[] predSum;
  final double[] predSumComp;
  double ce;
  double ceComp;
  /** The confusion cell of each non-ignored pixel, in pixel order: first {@code pixels} valid. */
  int[] cellTarget = new int[0];
  int[] cellPred = new int[0];
  /** This image's confusion row sums, column sums and diagonal. */
  final int[] imageRow;
  final int[] imageCol;
  final int[] imageDiag;

  // ---- scratch ----
  private int[] target = new int[0];
  private final double[] max;
  /** The argmax channel of each pixel of the tile, as an exact double (so vectors can blend it). */
  private final double[] argmax;
  private final double[] sumExp;
  /** log Σ exp, per pixel of the tile. */
  private final double[] logSumExp;
  /** 1 / Σ exp for a counted pixel, 0 for an ignored one (so ignored pixels add nothing). */
  private final double[] countedInv;
  private final double[] inv;
  private final double[] exps;
  private final double[] blockInter;
  private final double[] blockPred;
  private double blockCe;

  MulticlassImagePass(MulticlassParams params) {
    this(params, ChannelKernels.forClasses(params.numClasses()));
  }

  MulticlassImagePass(MulticlassParams params, ChannelKernel kernel) {
    this.kernel = kernel;
    numClasses = params.numClasses();
    ignoreValue = params.ignoreIndex();
    kind = params.inputKind();
    // a multiple of 16 pixels, so that vectors of up to 16 lanes cover whole tiles
    tile = Math.max(16, Math.min(1024, TILE_DOUBLES / numClasses) / 16 * 16);
    inter = new double[numClasses];
    interComp = new double[numClasses];
    predSum = new double[numClasses];
    predSumComp = new double[numClasses];
    imageRow = new int[numClasses];
    imageCol = new int[numClasses];
    imageDiag = new int[numClasses];
    max = new double[tile];
    argmax = new double[tile];
    sumExp = new double[tile];
    logSumExp = new double[tile];
    countedInv = new double[tile];
    inv = new double[tile];
    exps = new double[tile * numClasses];
    blockInter = new double[numClasses];
    blockPred = new double[numClasses];
  }

  /**
   * Computes one image's contribution. {@code grid} only turns flat indices into (row, col), or
   * (slice, row, col) for a volume, in messages. Throws {@link BadRecordException} for invalid values (targets are checked first).
   */
  void run(double[] pred, double[] targetValues, int n, PixelGrid grid, double[] probabilitiesOut) {
    reset(n);
    readTargets(targetValues, n, grid);
    switch (kind) {
      case LOGITS -> runScores(pred, n, grid, probabilitiesOut, true);
      case PROBABILITIES -> runScores(pred, n, grid, probabilitiesOut, false);
      case LABELS -> runLabels(pred, n, grid);
    }
  }

  /** This image's per-image row values; call after {@link #run}. */
  MulticlassImageResult imageResult() {
    if (pixels == 0) {
      return new MulticlassImageResult(0, ignored, null, null, null);
    }
    long trace = 0;
    Double[] iou = new Double[numClasses];
    for (int c = 0; c < numClasses; c++) {
      trace += imageDiag[c];
      iou[c] = PerClassMetric.IOU.of(imageDiag[c], imageRow[c], imageCol[c]);
    }
    // CE = Σ −log p_t / n;  aacc = trace(M) / n;  miou = mean of the non-null IoU_c of this image
    Double meanCe = kind == InputKind.LABELS ? null : (ce + ceComp) / pixels;
    return new MulticlassImageResult(
        pixels, ignored, meanCe, (double) trace / pixels, PerClassMetric.meanOfNonNull(iou));
  }

  private void reset(int n) {
    pixels = 0;
    ignored = 0;
    ce = 0;
    ceComp = 0;
    blockCe = 0;
    Arrays.fill(inter, 0);
    Arrays.fill(interComp, 0);
    Arrays.fill(predSum, 0);
    Arrays.fill(predSumComp, 0);
    Arrays.fill(blockInter, 0);
    Arrays.fill(blockPred, 0);
    Arrays.fill(imageRow, 0);
    Arrays.fill(imageCol, 0);
    Arrays.fill(imageDiag, 0);
    if (target.length < n) {
      target = new int[n];
      cellTarget = new int[n];
      cellPred = new int[n];
    }
  }

  /**
   * A refused class id that is fractional: most likely a label map resized with interpolation,
   * which blends the ids of neighbouring pixels; the reason says so.
   */
  private static Reason fractionHint(Reason why, double v) {
    return Double.isFinite(v) && v != Math.rint(v) ? why.then("; a fractional value is no class id: was the map"
        + " resized with interpolation? Resize label maps with nearest-neighbour") : why;
  }

  /**
   * A refused target that is a negative ignore index saved into an unsigned array: numpy stores −1
   * as 255 in uint8 (65535 in uint16), which is then neither a class id nor the ignore index; the
   * reason says so.
   */
  private Reason unsignedIgnoreHint(Reason why, double v) {
    for (int bits : new int[] {8, 16}) {
      if (ignoreValue < 0 && v == ignoreValue + (1 << bits)) {
        return why.then("; the ignore index " + ValueText.of(ignoreValue) + " saved as unsigned " + bits
            + "-bit (uint" + bits + ") reads as " + ValueText.of(ignoreValue + (1 << bits))
            + ": make that the ignore index, or save the target as a signed type (int16)");
      }
    }
    return why;
  }

  /**
   * A refused predicted label that is the ignore index: that value marks target pixels to leave
   * out, never a prediction; the reason says what to write there instead.
   */
  private Reason ignoredLabelHint(Reason why, double v) {
    return v == ignoreValue ? why.then("; " + ValueText.of(ignoreValue) + " is the ignore index, which marks target"
        + " pixels only: a prediction holds class ids everywhere (write the model's argmax at pixels whose target is"
        + " ignored too; they are left out all the same)") : why;
  }

  /** Target class ids into {@code target}, IGNORED for the ignore index; rejects anything else. */
  private void readTargets(double[] values, int n, PixelGrid grid) {
    for (int j = 0; j < n; j++) {
      double v = values[j];
      if (v == ignoreValue) {
        target[j] = IGNORED;
        ignored++;
        continue;
      }
      int t = (int) v;
      if (t != v || t < 0 || t >= numClasses) {
        // C and the ignore index are the run's, the same for every record: they stay in the class
        throw BadRecordException.inTarget(unsignedIgnoreHint(fractionHint(Reason.of("target value {} at {} is not a"
            + " class id in [0, " + numClasses + ") nor the ignore index " + ValueText.of(ignoreValue), ValueText.of(v),
            grid.at(j)), v), v));
      }
      target[j] = t;
    }
  }

  /** Logits (softmax) or probabilities, tile by tile. */
  private void runScores(double[] pred, int n, PixelGrid grid, double[] out, boolean logits) {
    int pending = 0;
    for (int start = 0; start < n; start += tile) {
      int len = Math.min(tile, n - start);
      // Logits must be finite, probabilities in [0, 1]; NaN fails both comparisons.
      double lo = logits ? -Double.MAX_VALUE : 0.0;
      double hi = logits ? Double.MAX_VALUE : 1.0;
      if (!kernel.maxAndArgmax(pred, n, start, 0, len, lo, hi, max, argmax)) {
        throw firstBadScore(pred, n, grid, lo, hi, logits);
      }
      if (logits) {
        softmaxTile(pred, n, start, len);
      } else {
        probabilityTile(pred, n, start, len);
      }
      if (out != null) {
        writeProbabilities(pred, n, start, len, out, logits);
      }
      pending += len;
      if (pending + tile > SUM_BLOCK || start + len >= n) {
        flushBlock();
        pending = 0;
      }
    }
    // Finite logits can still give an infinite −log p_t = log S − (x_t − max) when x_t − max
    // overflows (logits near ±1.8e308), or a sum past the double range. Such an image is a bad
    // record, as the binary pass refuses non-finite loss sums: it must not make dataset.ce NaN.
    if (!Double.isFinite(ce)) {
      throw new BadRecordException("the cross-entropy of this image is not finite (logits near the double range, ±1.8e308)");
    }
  }

  private void softmaxTile(double[] pred, int n, int start, int len) {
    // e_cj = exp(x_cj − max_j), S_j = Σ_c e_cj: one exp per channel and pixel
    kernel.exp(pred, n, start, 0, len, max, exps, len, sumExp);
    kernel.logAndReciprocal(sumExp, logSumExp, inv, 0, len);
    for (int j = 0; j < len; j++) {
      int t = target[start + j];
      if (t == IGNORED) {
        countedInv[j] = 0.0;
        continue;
      }
      countedInv[j] = inv[j];
      // p_t = e_tj / S_j;  CE_j = −log p_t = log S_j − (x_tj − max_j)   (log-sum-exp)
      blockInter[t] += exps[t * len + j] * inv[j];
      blockCe += logSumExp[j] - (pred[t * n + start + j] - max[j]);
      countCell(t, (int) argmax[j]);
    }
    // P_c += Σ_j p_cj over counted pixels
    for (int c = 0; c < numClasses; c++) {
      blockPred[c] += kernel.dot(exps, c * len, countedInv, 0, len);
    }
  }

  private void probabilityTile(double[] pred, int n, int start, int len) {
    for (int j = 0; j < len; j++) {
      int t = target[start + j];
      if (t == IGNORED) {
        countedInv[j] = 0.0;
        continue;
      }
      countedInv[j] = 1.0;
      double pt = pred[t * n + start + j];
      // CE_j = −max(log p_t, −100)
      blockInter[t] += pt;
      blockCe -= Math.max(Math.log(pt), LOG_FLOOR);
      countCell(t, (int) argmax[j]);
    }
    // P_c += Σ_j p_cj over counted pixels
    for (int c = 0; c < numClasses; c++) {
      blockPred[c] += kernel.dot(pred, c * n + start, countedInv, 0, len);
    }
  }

  /** p_cj for every pixel of the tile, ignored ones included, into out[c*n + j]. */
  private void writeProbabilities(
      double[] pred, int n, int start, int len, double[] out, boolean logits) {
    for (int c = 0; c < numClasses; c++) {
      int off = c * n + start;
      if (!logits) {
        System.arraycopy(pred, off, out, off, len);
        continue;
      }
      kernel.scale(exps, c * len, inv, out, off, 0, len); // p_cj = e_cj / S_j
    }
  }

  private void runLabels(double[] pred, int n, PixelGrid grid) {
    for (int j = 0; j < n; j++) {
      double v = pred[j];
      int p = (int) v;
      if (p != v || p < 0 || p >= numClasses) {
        throw new BadRecordException(ignoredLabelHint(fractionHint(Reason.of("predicted label {} at {} is not a"
            + " class id in [0, " + numClasses + ")", ValueText.of(v), grid.at(j)), v), v));
      }
      int t = target[j];
      if (t != IGNORED) {
        countCell(t, p);
      }
    }
  }

  private void countCell(int t, int p) {
    cellTarget[pixels] = t;
    cellPred[pixels] = p;
    pixels++;
    imageRow[t]++;
    imageCol[p]++;
    if (t == p) {
      imageDiag[t]++;
    }
  }

  /** Moves the plain block sums into the compensated per-image sums. */
  private void flushBlock() {
    for (int c = 0; c < numClasses; c++) {
      CompensatedArrays.add(inter, interComp, c, blockInter[c]);
      CompensatedArrays.add(predSum, predSumComp, c, blockPred[c]);
    }
    Arrays.fill(blockInter, 0);
    Arrays.fill(blockPred, 0);
    double t = ce + blockCe;
    ceComp += NeumaierSum.roundingError(ce, blockCe, t);
    ce = t;
    blockCe = 0;
  }

  /** The first invalid prediction in pixel order (then channel order), as a bad record. */
  private BadRecordException firstBadScore(
      double[] pred, int n, PixelGrid grid, double lo, double hi, boolean logits) {
    for (int j = 0; j < n; j++) {
      for (int c = 0; c < numClasses; c++) {
        double x = pred[c * n + j];
        if (!(x >= lo && x <= hi)) {
          // a probability out of range: the caller says where logits are asked for (withLogitsHint)
          return logits ? new BadPredictionValueException(Reason.of("prediction {} at {} is not finite",
              ValueText.of(x), grid.inChannel(c, j)), x)
              : new ProbabilityOutOfRangeException(Reason.of("probability {} at {} is outside [0, 1]",
              ValueText.of(x), grid.inChannel(c, j)), x);
        }
      }
    }
    throw new IllegalStateException("no invalid prediction found");
  }
}
