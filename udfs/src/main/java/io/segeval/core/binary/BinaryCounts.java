package io.segeval.core.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.InputKind;
import io.segeval.core.NeumaierSum;
import io.segeval.core.PixelGrid;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.StoredSums;
import java.io.Serializable;
import java.util.Objects;

/**
 * The mergeable state of the binary task (spec §2): the pixel count n, the compensated sums
 * {@code I = Σ p·t}, {@code P = Σ p}, {@code T = Σ t}, {@code B = Σ bce}, {@code F = Σ focal},
 * {@code W = Σ wce}, and the hard counts tp, fp, fn, tn. Every dataset-wide binary score is a
 * function of this state ({@link BinaryMetric}); merging the states of any split of the data gives
 * the state of the whole, so results do not depend on partitioning.
 *
 * <p>Mutable, like Guava's {@code StatsAccumulator}: {@link #update} adds one image in a single
 * fused pass, {@link #merge} adds another state. A state carries its {@link BinaryParams}, since the
 * focal, Combo and hard-count sums depend on them; states with different parameters do not merge.
 *
 * <p>Non-finite predictions, probabilities outside [0, 1] and targets outside [0, 1] are refused
 * with a {@link BadRecordException} naming the first offending pixel, and so is an image whose own
 * loss sums leave the double range; the state is left unchanged: one bad image never turns the
 * dataset's sums into NaN.
 *
 * <p>NaN and infinities in the results: I, P and T lie in [0, n] (p and t in [0, 1]), always
 * finite. B, F and W are finite unless finite terms add up past the double range (about 1.8e308,
 * e.g. the BCE of logits near ±1e308); such a sum is then NaN, never infinite ({@link NeumaierSum}),
 * and so is every {@link BinaryMetric} computed from it (the job refuses to write it). A state made
 * by {@link #of} holds the totals it was given. The counts are exact.
 */
public final class BinaryCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Pixels summed in plain double before each compensated add: bounds the error to ~4096 ulp per block. */
  private static final int BLOCK = 4096;

  private final BinaryParams params;
  private long n;
  private long tp;
  private long fp;
  private long fn;
  private long tn;
  private final NeumaierSum intersection = new NeumaierSum();
  private final NeumaierSum predSum = new NeumaierSum();
  private final NeumaierSum targetSum = new NeumaierSum();
  private final NeumaierSum bceSum = new NeumaierSum();
  private final NeumaierSum focalSum = new NeumaierSum();
  private final NeumaierSum wceSum = new NeumaierSum();

  public BinaryCounts(BinaryParams params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  /** A state with the given totals (e.g. read back from a table); the sums start uncompensated. */
  public static BinaryCounts of(
      BinaryParams params, long n, double intersection, double predSum, double targetSum,
      double bceSum, double focalSum, double wceSum, long tp, long fp, long fn, long tn) {
    if (tp < 0 || fp < 0 || fn < 0 || tn < 0 || tp + fp + fn + tn != n) {
      throw new RefusedArgumentException(
          "hard counts must be >= 0 and add up to n=" + n + ": tp=" + tp + " fp=" + fp + " fn=" + fn + " tn=" + tn);
    }
    // I, P, T are sums of values in [0, 1]; B, F, W of non-negative terms, NaN after an overflow
    requireSum("intersection", intersection, false);
    requireSum("pred_sum", predSum, false);
    requireSum("target_sum", targetSum, false);
    requireSum("bce_sum", bceSum, true);
    requireSum("focal_sum", focalSum, true);
    requireSum("wce_sum", wceSum, true);
    // p, t in [0, 1]: p·t <= min(p, t) and p, t <= 1 term by term (up to the sums' rounding)
    StoredSums.requireAtMost("intersection", intersection, "pred_sum", predSum);
    StoredSums.requireAtMost("intersection", intersection, "target_sum", targetSum);
    StoredSums.requireAtMost("pred_sum", predSum, "n", n);
    StoredSums.requireAtMost("target_sum", targetSum, "n", n);
    BinaryCounts c = new BinaryCounts(params);
    c.n = n;
    c.tp = tp;
    c.fp = fp;
    c.fn = fn;
    c.tn = tn;
    c.intersection.add(intersection);
    c.predSum.add(predSum);
    c.targetSum.add(targetSum);
    c.bceSum.add(bceSum);
    c.focalSum.add(focalSum);
    c.wceSum.add(wceSum);
    return c;
  }

  /** Refuses a stored sum no pass can give: negative, infinite, or NaN where no overflow can make one. */
  private static void requireSum(String name, double value, boolean nanAfterOverflow) {
    if (value >= 0 && value < Double.POSITIVE_INFINITY || nanAfterOverflow && Double.isNaN(value)) {
      return;
    }
    throw new RefusedArgumentException(name + " " + value + " is no sum of a binary pass (one >= 0 and finite"
        + (nanAfterOverflow ? ", or NaN after an overflow" : "") + ")");
  }

  /**
   * Adds one image (or any run of pixels) in one fused pass.
   *
   * @param pred logits or probabilities (per {@code kind}); only the first {@code length} are read
   * @param target targets in [0, 1] (hard 0/1 or soft); a pixel is a positive target iff t >= 0.5
   * @param length number of pixels
   * @param width image width, only used to name the row and column of a bad pixel ({@link PixelGrid#image})
   * @param kind {@link InputKind#LOGITS} or {@link InputKind#PROBABILITIES}
   * @throws BadRecordException on a non-finite prediction, a probability or target outside [0, 1]
   *     (a probability: {@link io.segeval.core.ProbabilityOutOfRangeException}), or finite logits whose loss sums
   *     leave the double range; the state is then unchanged
   */
  public void update(double[] pred, double[] target, int length, int width, InputKind kind) {
    update(pred, target, length, PixelGrid.image(width), kind);
  }

  /** As {@link #update(double[], double[], int, int, InputKind)}; {@code grid} names a bad pixel (or voxel). */
  public void update(double[] pred, double[] target, int length, PixelGrid grid, InputKind kind) {
    update(pred, target, length, grid, kind, BinaryKernels.forParams(params));
  }

  /**
   * Refuses what {@link #update} refuses, without summing: for a pass that reads the images again
   * (the dataset-wide Lovász) and must leave out exactly the images the per-image pass refused.
   *
   * @throws BadRecordException as {@link #update} would
   */
  public static void requireUsable(double[] pred, double[] target, int length, PixelGrid grid, InputKind kind) {
    BadRecordException bad = BinaryInputCheck.badPixel(pred, target, length, grid, kind);
    if (bad != null) {
      throw bad;
    }
    if (kind == InputKind.LOGITS && BinaryInputCheck.bceMayOverflow(pred, length)) {
      // Rare (logits near ±1e306): the pass itself decides, as update does. Only B can overflow
      // (F ≤ B term by term, W ≤ n·(−log eps)), and B does not depend on the parameters.
      new BinaryCounts(BinaryParams.DEFAULTS).update(pred, target, length, grid, kind);
    }
  }

  /** As {@link #update(double[], double[], int, int, InputKind)} with the given kernel (tests). */
  void update(double[] pred, double[] target, int length, PixelGrid grid, InputKind kind, BinaryKernel kernel) {
    if (pred.length < length || target.length < length) {
      throw new IllegalArgumentException("arrays shorter than " + length);
    }
    if (kind != InputKind.LOGITS && kind != InputKind.PROBABILITIES) {
      throw new BadRecordException(Reason.of("binary metrics need logits or probabilities, not {}", kind.key()));
    }
    BinaryCounts image = new BinaryCounts(params);
    if (!image.addPixels(pred, target, length, kind == InputKind.LOGITS, kernel)) {
      throw BinaryInputCheck.firstBadPixel(pred, target, length, grid, kind);
    }
    merge(image);
  }

  /**
   * Runs the kernel block by block: plain sums within a block of {@value #BLOCK} pixels,
   * compensated sums across blocks. Returns false (and the state is unusable) when an input was
   * out of range or a block's or the image's sums are not finite.
   */
  private boolean addPixels(double[] pred, double[] target, int length, boolean logits, BinaryKernel kernel) {
    BlockSums block = new BlockSums();
    for (int start = 0; start < length; start += BLOCK) {
      int end = Math.min(length, start + BLOCK);
      block.clear();
      boolean inRange = logits
          ? kernel.addLogits(pred, target, start, end, block)
          : kernel.addProbabilities(pred, target, start, end, block);
      if (!inRange || !Double.isFinite(block.pred + block.bce + block.focal + block.wce)) {
        return false;
      }
      addBlock(end - start, block);
    }
    // Finite blocks can still add up past the double range (a NaN sum): the image is then refused.
    return Double.isFinite(bceSum.value()) && Double.isFinite(focalSum.value()) && Double.isFinite(wceSum.value());
  }

  private void addBlock(int count, BlockSums b) {
    n += count;
    tp += b.truePositive;
    // fp = predPositive − tp
    fp += b.predPositive - b.truePositive;
    // fn = targetPositive − tp
    fn += b.targetPositive - b.truePositive;
    // tn = n − predPositive − targetPositive + tp  (the pixels in neither, by inclusion–exclusion)
    tn += count - b.predPositive - b.targetPositive + b.truePositive;
    intersection.add(b.intersection);
    predSum.add(b.pred);
    targetSum.add(b.target);
    bceSum.add(b.bce);
    focalSum.add(b.focal);
    wceSum.add(b.wce);
  }

  /** Adds another state's sums and counts. Both must have been built with equal parameters. */
  public BinaryCounts merge(BinaryCounts other) {
    if (!params.equals(other.params)) {
      throw new RefusedArgumentException(
          "cannot merge binary states built with different parameters: " + params.differencesFrom(other.params));
    }
    return add(other);
  }

  /**
   * A copy with the same sums and counts under {@code resultParams}, which may differ from this
   * state's only in the parameters that enter no sum ({@link BinaryParam#resultOnly}: smooth,
   * Tversky's α and β, Combo's ratio): the metrics at other values without reading the pixels
   * again, as Spark's {@code FMeasure(beta)} over one confusion matrix. This state is unchanged.
   */
  public BinaryCounts withResultParams(BinaryParams resultParams) {
    if (!params.sameSums(resultParams)) {
      throw new IllegalArgumentException("parameters that entered the sums differ: "
          + params.differencesFrom(resultParams));
    }
    return new BinaryCounts(resultParams).add(this);
  }

  /** Adds the sums and counts, whatever the parameters. */
  private BinaryCounts add(BinaryCounts other) {
    n += other.n;
    tp += other.tp;
    fp += other.fp;
    fn += other.fn;
    tn += other.tn;
    intersection.add(other.intersection);
    predSum.add(other.predSum);
    targetSum.add(other.targetSum);
    bceSum.add(other.bceSum);
    focalSum.add(other.focalSum);
    wceSum.add(other.wceSum);
    return this;
  }

  /** A copy with the same sums and counts. */
  public BinaryCounts copy() {
    return new BinaryCounts(params).merge(this);
  }

  public BinaryParams params() { return params; }

  /** n, the number of pixels. */
  public long pixels() { return n; }

  /** I = Σ p·t, in [0, n]: finite. */
  public double intersection() { return intersection.value(); }

  /** P = Σ p, in [0, n]: finite. */
  public double predSum() { return predSum.value(); }

  /** T = Σ t, in [0, n]: finite. */
  public double targetSum() { return targetSum.value(); }

  /** B = Σ bce; NaN (never infinite) only past the double range (class comment). */
  public double bceSum() { return bceSum.value(); }

  /** F = Σ focal; NaN (never infinite) only past the double range (class comment). */
  public double focalSum() { return focalSum.value(); }

  /** W = Σ wce (Combo's weighted cross-entropy); NaN (never infinite) only past the double range (class comment). */
  public double wceSum() { return wceSum.value(); }

  public long tp() { return tp; }

  public long fp() { return fp; }

  public long fn() { return fn; }

  public long tn() { return tn; }

  @Override
  public String toString() {
    return "BinaryCounts{n=" + n + ", I=" + intersection() + ", P=" + predSum() + ", T=" + targetSum()
        + ", B=" + bceSum() + ", F=" + focalSum() + ", W=" + wceSum()
        + ", tp=" + tp + ", fp=" + fp + ", fn=" + fn + ", tn=" + tn + "}";
  }
}
