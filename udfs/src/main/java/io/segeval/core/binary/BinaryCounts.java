package io.segeval.core.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.core.NeumaierSum;
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
 * with a {@link BadRecordException} naming the first offending pixel, and the state is left
 * unchanged: one bad image never turns the dataset's sums into NaN.
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
      throw new IllegalArgumentException(
          "hard counts must be >= 0 and add up to n=" + n + ": tp=" + tp + " fp=" + fp + " fn=" + fn + " tn=" + tn);
    }
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

  /**
   * Adds one image (or any run of pixels) in one fused pass.
   *
   * @param pred logits or probabilities (per {@code kind}); only the first {@code length} are read
   * @param target targets in [0, 1] (hard 0/1 or soft); a pixel is a positive target iff t >= 0.5
   * @param length number of pixels
   * @param width image width, only used to name the row and column of a bad pixel
   * @param kind {@link InputKind#LOGITS} or {@link InputKind#PROBABILITIES}
   * @throws BadRecordException on a non-finite prediction, a probability or target outside [0, 1];
   *     the state is then unchanged
   */
  public void update(double[] pred, double[] target, int length, int width, InputKind kind) {
    if (pred.length < length || target.length < length) {
      throw new IllegalArgumentException("arrays shorter than " + length);
    }
    BinaryCounts image = new BinaryCounts(params);
    boolean ok =
        kind == InputKind.LOGITS
            ? image.addLogits(pred, target, length)
            : kind == InputKind.PROBABILITIES
                ? image.addProbabilities(pred, target, length)
                : fail("binary metrics need logits or probabilities, not " + kind.key());
    if (!ok) {
      throw BinaryInputCheck.firstBadPixel(pred, target, length, width, kind);
    }
    merge(image);
  }

  private static boolean fail(String reason) {
    throw new BadRecordException(reason);
  }

  // One exp and one log1p per pixel give everything: with e = exp(-|x|) and l = log1p(e),
  //   p = sigmoid(x) = 1/(1+e) or e/(1+e),  1-p = sigmoid(-x) without cancellation,
  //   bce = max(x,0) - x·t + l,  log p = -(max(-x,0) + l),  log(1-p) = -(max(x,0) + l).
  // Returns false (and adds nothing usable) when a sum turned non-finite or a target left [0,1].
  private boolean addLogits(double[] x, double[] t, int length) {
    final double thr = params.logitThreshold();
    final Focal focal = new Focal(params);
    final Combo combo = new Combo(params);
    boolean targetsInRange = true;
    for (int start = 0; start < length; start += BLOCK) {
      int end = Math.min(length, start + BLOCK);
      double sI = 0, sP = 0, sT = 0, sB = 0, sF = 0, sW = 0;
      int cPos = 0, cTpos = 0, cTp = 0;
      for (int j = start; j < end; j++) {
        double xj = x[j];
        double tj = t[j];
        targetsInRange &= tj >= 0 && tj <= 1;
        double e = Math.exp(-Math.abs(xj));
        double u = 1.0 + e;
        // log1p(e) by Goldberg's trick: exact to a few ulp, and Math.log is an intrinsic.
        double l = u == 1.0 ? e : Math.log(u) * e / (u - 1.0);
        double inv = 1.0 / u;
        boolean nonNeg = xj >= 0;
        double p = nonNeg ? inv : e * inv;
        double q = nonNeg ? e * inv : inv; // 1 - p
        double bce = Math.max(xj, 0) - xj * tj + l;
        sI += p * tj;
        sP += p;
        sT += tj;
        sB += bce;
        sF += focal.term(p, q, tj, bce);
        sW += combo.term(p, -(Math.max(-xj, 0) + l), -(Math.max(xj, 0) + l), tj);
        boolean pos = xj >= thr;
        boolean tpos = tj >= 0.5;
        cPos += pos ? 1 : 0;
        cTpos += tpos ? 1 : 0;
        cTp += pos & tpos ? 1 : 0;
      }
      if (!Double.isFinite(sP + sB + sF + sW)) {
        return false;
      }
      addBlock(end - start, sI, sP, sT, sB, sF, sW, cPos, cTpos, cTp);
    }
    return targetsInRange;
  }

  // Probabilities: bce = -(t·log p + (1-t)·log(1-p)) with each log clamped at -100 (PyTorch).
  private boolean addProbabilities(double[] pr, double[] t, int length) {
    final double thr = params.threshold();
    final Focal focal = new Focal(params);
    final Combo combo = new Combo(params);
    boolean inRange = true;
    for (int start = 0; start < length; start += BLOCK) {
      int end = Math.min(length, start + BLOCK);
      double sI = 0, sP = 0, sT = 0, sB = 0, sF = 0, sW = 0;
      int cPos = 0, cTpos = 0, cTp = 0;
      for (int j = start; j < end; j++) {
        double p = pr[j];
        double tj = t[j];
        inRange &= p >= 0 && p <= 1 && tj >= 0 && tj <= 1;
        double q = 1.0 - p;
        double logP = Math.log(p);
        double log1mP = Math.log1p(-p);
        double bce = -(tj * Math.max(logP, -100.0) + (1 - tj) * Math.max(log1mP, -100.0));
        sI += p * tj;
        sP += p;
        sT += tj;
        sB += bce;
        sF += focal.term(p, q, tj, bce);
        sW += combo.term(p, logP, log1mP, tj);
        boolean pos = p >= thr;
        boolean tpos = tj >= 0.5;
        cPos += pos ? 1 : 0;
        cTpos += tpos ? 1 : 0;
        cTp += pos & tpos ? 1 : 0;
      }
      if (!inRange) {
        return false;
      }
      addBlock(end - start, sI, sP, sT, sB, sF, sW, cPos, cTpos, cTp);
    }
    return true;
  }

  private void addBlock(int count, double sI, double sP, double sT, double sB, double sF, double sW,
      int cPos, int cTpos, int cTp) {
    n += count;
    tp += cTp;
    fp += cPos - cTp;
    fn += cTpos - cTp;
    tn += count - cPos - cTpos + cTp;
    intersection.add(sI);
    predSum.add(sP);
    targetSum.add(sT);
    bceSum.add(sB);
    focalSum.add(sF);
    wceSum.add(sW);
  }

  /**
   * focal = α_t·(1 − p_t)^γ·bce, p_t = p·t + (1−p)(1−t), α_t = α·t + (1−α)(1−t)
   * (torchvision {@code sigmoid_focal_loss}); an integer γ is a multiplication, not {@code pow}.
   */
  private static final class Focal {
    private final double alpha;
    private final double gamma;
    private final int intGamma;

    Focal(BinaryParams params) {
      alpha = params.focalAlpha();
      gamma = params.focalGamma();
      intGamma = gamma == Math.rint(gamma) && gamma <= 16 ? (int) gamma : -1;
    }

    /** {@code q} is 1 − p computed without cancellation. */
    double term(double p, double q, double t, double bce) {
      double oneMinusPt = p * (1 - t) + q * t;
      double modulator;
      if (intGamma == 2) {
        modulator = oneMinusPt * oneMinusPt;
      } else if (intGamma >= 0) {
        modulator = 1.0;
        for (int k = 0; k < intGamma; k++) {
          modulator *= oneMinusPt;
        }
      } else {
        modulator = Math.pow(oneMinusPt, gamma);
      }
      return (alpha * t + (1 - alpha) * (1 - t)) * modulator * bce;
    }
  }

  /**
   * wce = −(a·t·log q + (1−a)(1−t)·log(1−q)), q = clamp(p, eps, 1−eps) (Taghanaki et al. 2019).
   * The clamped logs are those of the clamped value as a float64 program computes them.
   */
  private static final class Combo {
    private final double a;
    private final double lo;
    private final double hi;
    private final double logLo;
    private final double log1mLo;
    private final double logHi;
    private final double log1mHi;

    Combo(BinaryParams params) {
      a = params.comboAlpha();
      lo = params.comboEps();
      hi = 1.0 - lo;
      logLo = Math.log(lo);
      log1mLo = Math.log(1.0 - lo);
      logHi = Math.log(hi);
      log1mHi = Math.log(1.0 - hi);
    }

    /** {@code logP} and {@code log1mP} are log p and log(1 − p) of the unclamped p. */
    double term(double p, double logP, double log1mP, double t) {
      double logQ = p < lo ? logLo : p > hi ? logHi : logP;
      double log1mQ = p < lo ? log1mLo : p > hi ? log1mHi : log1mP;
      return -(a * t * logQ + (1 - a) * (1 - t) * log1mQ);
    }
  }

  /** Adds another state's sums and counts. Both must have been built with equal parameters. */
  public BinaryCounts merge(BinaryCounts other) {
    if (!params.equals(other.params)) {
      throw new IllegalArgumentException(
          "cannot merge binary states built with different parameters: " + params.toOptionString()
              + " vs " + other.params.toOptionString());
    }
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

  /** I = Σ p·t. */
  public double intersection() { return intersection.value(); }

  /** P = Σ p. */
  public double predSum() { return predSum.value(); }

  /** T = Σ t. */
  public double targetSum() { return targetSum.value(); }

  /** B = Σ bce. */
  public double bceSum() { return bceSum.value(); }

  /** F = Σ focal. */
  public double focalSum() { return focalSum.value(); }

  /** W = Σ wce (Combo's weighted cross-entropy). */
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
