package io.segeval.core.binary;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.POW;

import io.segeval.core.VectorExp;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused binary pass on the JDK Vector API: the formulas of {@link ScalarBinaryKernel}, several
 * pixels per instruction, in float64 ({@code DoubleVector}: float32 would lose the 1e-9 agreement
 * with the reference). exp and log1p of logits are {@link VectorExp}'s, and the logs of
 * probabilities the lanewise {@code LOG} (SVML on x86), which differ from {@code Math.exp}/{@code
 * Math.log1p} by an ulp or two, and the block sums are summed lane by lane, so sums differ from
 * the scalar ones in the last bits only (tested to 1e-12 relative).
 * Decisions (thresholds, range checks, clamps) are the same comparisons, so counts are identical.
 *
 * <p>A block is two vector loops, so that each stays small enough for the JIT to keep every vector
 * in registers: the first computes p, 1 − p, bce, log p, log(1 − p) into block-sized scratch arrays
 * (in cache) with the sums of p·t, p, t, bce and the counts; the second reads them for focal and
 * wce. Two more loops come first, so that the first loop calls no exp or log: for logits
 * exp(−|x|) and log1p of it into two more scratch arrays ({@link VectorExp}); for probabilities
 * 1 − p, log p and log(1 − p) ({@link #logs}). The pixels after the last whole vector go through
 * the scalar kernel.
 *
 * <p>Not thread-safe (the scratch arrays); {@link BinaryKernels} keeps one per thread. Loaded only
 * when {@code jdk.incubator.vector} is present.
 */
final class VectorBinaryKernel implements BinaryKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  // No static final vector constants: a loop that starts from one (an accumulator, a product)
  // keeps the vector boxed and runs several times slower on JDK 17; vectors are made in place.
  // Nor are the first loops' four sums loop-carried vectors: JDK 17's C2 kept three of them boxed
  // (a new vector per group of pixels: 9.5 MB of garbage per 512x512 image, the sigmoid loop at
  // 45% of the tasks' time); each is added in place in the array `sums` instead (accumulate).
  private static final int SUM_I = 0;
  private static final int SUM_P = 1;
  private static final int SUM_T = 2;
  private static final int SUM_B = 3;

  private final BinaryParams params;
  private final ScalarBinaryKernel tail;
  private final FocalTerm focal;
  private final ComboTerm combo;
  // per pixel of the block: exp(-|x|) and log1p of it, read by the first loop
  private double[] exp = new double[0];
  private double[] log1pExp = new double[0];
  // per pixel of the block, written by the first loop and read by the second
  private double[] p = new double[0];
  private double[] q = new double[0];
  private double[] bce = new double[0];
  private double[] logP = new double[0];
  private double[] log1mP = new double[0];
  // the lanes of the first loop's sums of p·t, p, t and bce, one vector each
  private final double[] sums = new double[4 * S.length()];

  VectorBinaryKernel(BinaryParams params) {
    this.params = params;
    tail = new ScalarBinaryKernel(params);
    focal = new FocalTerm(params);
    combo = new ComboTerm(params);
  }

  @Override
  public BinaryParams params() {
    return params;
  }

  @Override
  public boolean addLogits(double[] xs, double[] ts, int from, int to, BlockSums s) {
    int end = from + (to - from) / S.length() * S.length();
    ensureScratch(end - from);
    return sigmoidLoop(xs, ts, from, end, s)
        && addFocalAndWce(ts, from, end, s)
        && tail.addLogits(xs, ts, end, to, s);
  }

  @Override
  public boolean addProbabilities(double[] ps, double[] ts, int from, int to, BlockSums s) {
    int end = from + (to - from) / S.length() * S.length();
    ensureScratch(end - from);
    return probabilityLoop(ps, ts, from, end, s)
        && addFocalAndWce(ts, from, end, s)
        && tail.addProbabilities(ps, ts, end, to, s);
  }

  // One exp and one log1p per pixel give everything: with e = exp(-|x|) and l = log1p(e),
  //   p = sigmoid(x) = 1/(1+e) or e/(1+e),  1-p = sigmoid(-x) without cancellation,
  //   bce = max(x,0) - x·t + l,  log p = -(max(-x,0) + l),  log(1-p) = -(max(x,0) + l).
  // e and l come first, each in its own loop over the block (VectorExp).
  private boolean sigmoidLoop(double[] xs, double[] ts, int from, int end, BlockSums s) {
    final double thr = params.logitThreshold();
    VectorExp.expOfMinusAbs(xs, from, exp, 0, end - from);
    VectorExp.log1pOfUnit(exp, end - from, log1pExp);
    Arrays.fill(sums, 0.0);
    int cPos = 0, cTpos = 0, cTp = 0;
    for (int j = from, k = 0; j < end; j += S.length(), k += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, xs, j);
      DoubleVector t = DoubleVector.fromArray(S, ts, j);
      if (!t.compare(GE, 0.0).and(t.compare(LE, 1.0)).allTrue()) {
        return false; // a target outside [0, 1] or NaN
      }
      DoubleVector e = DoubleVector.fromArray(S, exp, k);
      DoubleVector l = DoubleVector.fromArray(S, log1pExp, k);
      DoubleVector inv = DoubleVector.broadcast(S, 1.0).div(e.add(1.0));
      DoubleVector eInv = e.mul(inv);
      VectorMask<Double> nonNeg = x.compare(GE, 0.0);
      DoubleVector pv = eInv.blend(inv, nonNeg);
      DoubleVector xPos = x.max(0.0);
      DoubleVector b = xPos.sub(x.mul(t)).add(l);
      pv.intoArray(p, k);
      inv.blend(eInv, nonNeg).intoArray(q, k);
      b.intoArray(bce, k);
      x.neg().max(0.0).add(l).neg().intoArray(logP, k);
      xPos.add(l).neg().intoArray(log1mP, k);
      accumulate(SUM_I, pv.mul(t));
      accumulate(SUM_P, pv);
      accumulate(SUM_T, t);
      accumulate(SUM_B, b);
      VectorMask<Double> pos = x.compare(GE, thr);
      VectorMask<Double> tpos = t.compare(GE, 0.5);
      cPos += pos.trueCount();
      cTpos += tpos.trueCount();
      cTp += pos.and(tpos).trueCount();
    }
    addSums(s, cPos, cTpos, cTp);
    return true;
  }

  // Probabilities: bce = -(t·log p + (1-t)·log(1-p)) with each log clamped at -100 (PyTorch).
  // log p and log(1-p) come first, each in its own loop (logs).
  private boolean probabilityLoop(double[] ps, double[] ts, int from, int end, BlockSums s) {
    final double thr = params.threshold();
    logs(ps, from, end, q, logP, log1mP);
    Arrays.fill(sums, 0.0);
    int cPos = 0, cTpos = 0, cTp = 0;
    for (int j = from, k = 0; j < end; j += S.length(), k += S.length()) {
      DoubleVector pv = DoubleVector.fromArray(S, ps, j);
      DoubleVector t = DoubleVector.fromArray(S, ts, j);
      if (!pv.compare(GE, 0.0).and(pv.compare(LE, 1.0)).and(t.compare(GE, 0.0)).and(t.compare(LE, 1.0)).allTrue()) {
        return false; // p or t outside [0, 1] or NaN
      }
      DoubleVector lp = DoubleVector.fromArray(S, logP, k);
      DoubleVector l1mp = DoubleVector.fromArray(S, log1mP, k);
      DoubleVector b = t.mul(lp.max(-100.0)).add(t.neg().add(1.0).mul(l1mp.max(-100.0))).neg();
      pv.intoArray(p, k);
      b.intoArray(bce, k);
      accumulate(SUM_I, pv.mul(t));
      accumulate(SUM_P, pv);
      accumulate(SUM_T, t);
      accumulate(SUM_B, b);
      VectorMask<Double> pos = pv.compare(GE, thr);
      VectorMask<Double> tpos = t.compare(GE, 0.5);
      cPos += pos.trueCount();
      cTpos += tpos.trueCount();
      cTp += pos.and(tpos).trueCount();
    }
    addSums(s, cPos, cTpos, cTp);
    return true;
  }

  /**
   * u = 1 − p, log p and log(1 − p) over the block, in two small loops: log(1 − p) = log1p(−p)
   * = log(u)·(−p)/(u − 1), or −p where u = 1 (Goldberg's log1p, which the scalar kernel uses for
   * logits), because SVML's LOG costs far less than its LOG1P.
   */
  private static void logs(double[] ps, int from, int end, double[] u, double[] logP, double[] log1mP) {
    for (int j = from, k = 0; j < end; j += S.length(), k += S.length()) {
      DoubleVector pv = DoubleVector.fromArray(S, ps, j);
      pv.lanewise(LOG).intoArray(logP, k);
      DoubleVector.broadcast(S, 1.0).sub(pv).intoArray(u, k);
    }
    for (int j = from, k = 0; j < end; j += S.length(), k += S.length()) {
      DoubleVector uv = DoubleVector.fromArray(S, u, k);
      DoubleVector minusP = DoubleVector.fromArray(S, ps, j).neg();
      uv.lanewise(LOG).mul(minusP).div(uv.sub(1.0)).blend(minusP, uv.compare(EQ, 1.0)).intoArray(log1mP, k);
    }
  }

  /**
   * focal = α_t·(1 − p_t)^γ·bce, 1 − p_t = p(1−t) + q·t, α_t = α·t + (1−α)(1−t) ({@link FocalTerm});
   * wce = −(a·t·log q' + (1−a)(1−t)·log(1−q')), q' = clamp(p, eps, 1−eps) ({@link ComboTerm}).
   * Always true: the inputs were checked by the first loop; the result only chains the two loops.
   */
  private boolean addFocalAndWce(double[] ts, int from, int end, BlockSums s) {
    final double alpha = focal.alpha;
    final double a = combo.a;
    DoubleVector sF = DoubleVector.zero(S), sW = sF;
    for (int j = from, k = 0; j < end; j += S.length(), k += S.length()) {
      DoubleVector t = DoubleVector.fromArray(S, ts, j);
      DoubleVector pv = DoubleVector.fromArray(S, p, k);
      DoubleVector oneMinusT = t.neg().add(1.0);
      DoubleVector oneMinusPt = pv.mul(oneMinusT).add(DoubleVector.fromArray(S, q, k).mul(t));
      DoubleVector alphaT = t.mul(alpha).add(oneMinusT.mul(1 - alpha));
      sF = sF.add(alphaT.mul(modulator(oneMinusPt)).mul(DoubleVector.fromArray(S, bce, k)));

      VectorMask<Double> low = pv.compare(LT, combo.lo);
      VectorMask<Double> high = pv.compare(GT, combo.hi);
      DoubleVector logQ = DoubleVector.fromArray(S, logP, k).blend(combo.logHi, high).blend(combo.logLo, low);
      DoubleVector log1mQ = DoubleVector.fromArray(S, log1mP, k).blend(combo.log1mHi, high).blend(combo.log1mLo, low);
      sW = sW.add(t.mul(a).mul(logQ).add(oneMinusT.mul(1 - a).mul(log1mQ)).neg());
    }
    s.focal += sF.reduceLanes(ADD);
    s.wce += sW.reduceLanes(ADD);
    return true;
  }

  /** (1 − p_t)^γ: a multiplication for integer γ, as in {@link FocalTerm}. */
  private DoubleVector modulator(DoubleVector oneMinusPt) {
    int g = focal.intGamma;
    if (g == 2) {
      return oneMinusPt.mul(oneMinusPt);
    }
    if (g < 0) {
      return oneMinusPt.lanewise(POW, focal.gamma);
    }
    DoubleVector m = DoubleVector.broadcast(S, 1.0);
    for (int k = 0; k < g; k++) {
      m = m.mul(oneMinusPt);
    }
    return m;
  }

  private void ensureScratch(int n) {
    if (p.length < n) {
      exp = new double[n];
      log1pExp = new double[n];
      p = new double[n];
      q = new double[n];
      bce = new double[n];
      logP = new double[n];
      log1mP = new double[n];
    }
  }

  /** Adds v lane by lane to the sum {@code which} (SUM_I, ...) in {@link #sums}. */
  private void accumulate(int which, DoubleVector v) {
    int at = which * S.length();
    DoubleVector.fromArray(S, sums, at).add(v).intoArray(sums, at);
  }

  private void addSums(BlockSums s, int cPos, int cTpos, int cTp) {
    s.intersection += sum(SUM_I);
    s.pred += sum(SUM_P);
    s.target += sum(SUM_T);
    s.bce += sum(SUM_B);
    s.predPositive += cPos;
    s.targetPositive += cTpos;
    s.truePositive += cTp;
  }

  /** The lanes of the sum {@code which} added up, as {@code reduceLanes(ADD)} adds them. */
  private double sum(int which) {
    return DoubleVector.fromArray(S, sums, which * S.length()).reduceLanes(ADD);
  }
}
