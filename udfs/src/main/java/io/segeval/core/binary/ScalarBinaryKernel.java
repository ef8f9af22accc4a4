package io.segeval.core.binary;

/**
 * The fused binary pass as a plain loop, one pixel at a time: the reference for the vector
 * kernel and the path used when the JVM has no Vector API.
 */
final class ScalarBinaryKernel implements BinaryKernel {
  private final BinaryParams params;
  private final double logitThreshold;
  private final double threshold;
  private final FocalTerm focal;
  private final ComboTerm combo;

  ScalarBinaryKernel(BinaryParams params) {
    this.params = params;
    logitThreshold = params.logitThreshold();
    threshold = params.threshold();
    focal = new FocalTerm(params);
    combo = new ComboTerm(params);
  }

  @Override
  public BinaryParams params() {
    return params;
  }

  // One exp and one log1p per pixel give everything: with e = exp(-|x|) and l = log1p(e),
  //   p = sigmoid(x) = 1/(1+e) or e/(1+e),  1-p = sigmoid(-x) without cancellation,
  //   bce = max(x,0) - x·t + l,  log p = -(max(-x,0) + l),  log(1-p) = -(max(x,0) + l).
  @Override
  public boolean addLogits(double[] x, double[] t, int from, int to, BlockSums s) {
    final double thr = logitThreshold;
    boolean targetsInRange = true;
    double sI = 0, sP = 0, sT = 0, sB = 0, sF = 0, sW = 0;
    int cPos = 0, cTpos = 0, cTp = 0;
    for (int j = from; j < to; j++) {
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
      // predicted positive iff p >= threshold, decided on the logit: x >= log(thr/(1−thr)) (−0.0 at 0.5 too)
      boolean pos = xj >= thr;
      boolean tpos = tj >= 0.5;
      cPos += pos ? 1 : 0;
      cTpos += tpos ? 1 : 0;
      cTp += pos & tpos ? 1 : 0;
    }
    add(s, sI, sP, sT, sB, sF, sW, cPos, cTpos, cTp);
    return targetsInRange;
  }

  // Probabilities: bce = -(t·log p + (1-t)·log(1-p)) with each log clamped at -100 (PyTorch).
  @Override
  public boolean addProbabilities(double[] pr, double[] t, int from, int to, BlockSums s) {
    final double thr = threshold;
    boolean inRange = true;
    double sI = 0, sP = 0, sT = 0, sB = 0, sF = 0, sW = 0;
    int cPos = 0, cTpos = 0, cTp = 0;
    for (int j = from; j < to; j++) {
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
      // predicted positive iff p >= threshold; a positive target iff t >= 0.5
      boolean pos = p >= thr;
      boolean tpos = tj >= 0.5;
      cPos += pos ? 1 : 0;
      cTpos += tpos ? 1 : 0;
      cTp += pos & tpos ? 1 : 0;
    }
    add(s, sI, sP, sT, sB, sF, sW, cPos, cTpos, cTp);
    return inRange;
  }

  private static void add(BlockSums s, double sI, double sP, double sT, double sB, double sF, double sW,
      int cPos, int cTpos, int cTp) {
    s.intersection += sI;
    s.pred += sP;
    s.target += sT;
    s.bce += sB;
    s.focal += sF;
    s.wce += sW;
    s.predPositive += cPos;
    s.targetPositive += cTpos;
    s.truePositive += cTp;
  }
}
