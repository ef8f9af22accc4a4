package io.segeval.core.lovasz;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.NE;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxKeys} on the JDK Vector API: a vector of pixels whose kept (not ignored) pixels all
 * have an error above 0 (so not NaN, whose bits the scalar loop makes canonical) has its keys
 * computed and stored at once, and the keys of its ignored pixels, if any, dropped by moving the
 * others down; any other vector goes through {@link ScalarSoftmaxKeys}. So the keys and their
 * order are the scalar ones. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorSoftmaxKeys implements SoftmaxKeys {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Longs of the same shape: as many lanes as S. */
  private static final VectorSpecies<Long> L = S.withLanes(long.class);

  @Override
  public int collect(double[] probs, int c, double[] labels, int n, int ignoreIndex, long[] keys) {
    int offset = c * n;
    int end = n / S.length() * S.length();
    int m = 0;
    for (int j = 0; j < end; j += S.length()) {
      DoubleVector label = DoubleVector.fromArray(S, labels, j);
      VectorMask<Double> fg = label.compare(EQ, (double) c);
      DoubleVector e = DoubleVector.zero(S).blend(1.0, fg).sub(DoubleVector.fromArray(S, probs, offset + j)).abs();
      VectorMask<Double> kept = label.compare(NE, (double) ignoreIndex);
      if (kept.andNot(e.compare(GT, 0.0)).anyTrue()) {
        m = ScalarSoftmaxKeys.collect(probs, c, labels, n, ignoreIndex, keys, j, j + S.length(), m);
        continue;
      }
      LongVector.broadcast(L, Long.MAX_VALUE).sub(e.reinterpretAsLongs()).lanewise(LSHL, 1)
          .or(LongVector.zero(L).blend(1L, fg.cast(L)))
          .intoArray(keys, m);
      m = kept.allTrue() ? m + S.length() : dropIgnored(labels, ignoreIndex, keys, j, m);
    }
    return ScalarSoftmaxKeys.collect(probs, c, labels, n, ignoreIndex, keys, end, n, m);
  }

  /**
   * Moves the keys of the vector of pixels from j, stored at {@code keys[m]} on, down over those
   * of its ignored pixels (in place: a key moves only towards m); returns the new count.
   */
  private static int dropIgnored(double[] labels, int ignoreIndex, long[] keys, int j, int m) {
    int kept = m;
    for (int lane = 0; lane < S.length(); lane++) {
      keys[kept] = keys[m + lane];
      kept += labels[j + lane] != ignoreIndex ? 1 : 0;
    }
    return kept;
  }
}
