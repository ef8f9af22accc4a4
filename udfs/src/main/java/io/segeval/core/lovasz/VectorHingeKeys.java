package io.segeval.core.lovasz;

import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HingeKeys} on the JDK Vector API. Per vector of pixels: if every target is 0 or 1 and
 * every logit survives a round trip through float, the positives are counted from a mask, and
 * only a vector with a margin below 1 (few of them with confident logits) has its keys made, in
 * lane order, without a branch per pixel (a key is written for every lane and kept by moving past
 * it); otherwise {@link ScalarHingeKeys} handles the vector's pixels. So the keys, their order
 * and the refusals are the scalar ones. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorHingeKeys implements HingeKeys {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** As many floats as S has doubles, for the round trip that tells whether x is a float. */
  private static final VectorSpecies<Float> F =
      FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(S.vectorBitSize() / 2));

  @Override
  public long collect(double[] logits, double[] targets, int n, long[] keys, LovaszWorkspace ws) {
    ws.sortedCount = 0;
    int end = n / S.length() * S.length();
    long positives = 0;
    for (int j = 0; j < end; j += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, logits, j);
      DoubleVector t = DoubleVector.fromArray(S, targets, j);
      VectorMask<Double> one = t.compare(EQ, 1.0);
      DoubleVector viaFloat = (DoubleVector) x.convertShape(D2F, F, 0).convertShape(F2D, S, 0);
      if (!one.or(t.compare(EQ, 0.0)).and(viaFloat.compare(EQ, x)).allTrue()) {
        long p = ScalarHingeKeys.collect(logits, targets, j, j + S.length(), keys, ws);
        if (p < 0) {
          return -1;
        }
        positives += p;
        continue;
      }
      positives += one.trueCount();
      // margin m = x for t = 1, -x for t = 0; a key for every m < 1, in pixel order
      DoubleVector margin = x.blend(x.neg(), one.not());
      if (margin.compare(LT, 1.0).anyTrue()) {
        int m = ws.sortedCount;
        for (int k = j; k < j + S.length(); k++) {
          boolean positive = targets[k] == 1.0;
          float mk = positive ? (float) logits[k] : -(float) logits[k];
          keys[m] = (RadixSort.sortableKey(mk) << 1) | (positive ? 1L : 0L);
          m += mk < 1f ? 1 : 0; // no branch: the key is kept by moving past it
        }
        ws.sortedCount = m;
      }
    }
    long p = ScalarHingeKeys.collect(logits, targets, end, n, keys, ws);
    return p < 0 ? -1 : positives + p;
  }
}
