package io.segeval.core.lovasz;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxKeys} on the JDK Vector API: a vector of pixels whose kept (not ignored) pixels all
 * have an error above 0 (so not NaN, whose bits the scalar loop makes canonical) has its keys
 * computed and stored at once, and the keys of its ignored pixels and of its background pixels
 * below the bound, if any, dropped by moving the others down (nothing stored when that is all of
 * them); any other vector goes through {@link ScalarSoftmaxKeys}. So the keys and their order are
 * the scalar ones. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorSoftmaxKeys implements SoftmaxKeys {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Longs of the same shape: as many lanes as S. */
  private static final VectorSpecies<Long> L = S.withLanes(long.class);

  @Override
  public int collect(double[] probs, int c, double[] labels, int n, int ignoreIndex, double below, long[] keys) {
    int offset = c * n;
    int end = n / S.length() * S.length();
    int m = 0;
    // 1 for the lanes of a vector whose keys stay, 0 for the others (mixed vectors only)
    long[] stays = new long[S.length()];
    for (int j = 0; j < end; j += S.length()) {
      DoubleVector label = DoubleVector.fromArray(S, labels, j);
      VectorMask<Double> fg = label.compare(EQ, (double) c);
      DoubleVector e = DoubleVector.zero(S).blend(1.0, fg).sub(DoubleVector.fromArray(S, probs, offset + j)).abs();
      VectorMask<Double> kept = label.compare(NE, (double) ignoreIndex);
      if (kept.andNot(e.compare(GT, 0.0)).anyTrue()) {
        m = ScalarSoftmaxKeys.collect(probs, c, labels, n, ignoreIndex, below, keys, j, j + S.length(), m);
        continue;
      }
      // left out too: background pixels below the bound
      VectorMask<Double> stored = kept.andNot(e.compare(LT, below).andNot(fg));
      if (!stored.anyTrue()) {
        continue;
      }
      LongVector.broadcast(L, Long.MAX_VALUE).sub(e.reinterpretAsLongs()).lanewise(LSHL, 1)
          .or(LongVector.zero(L).blend(1L, fg.cast(L)))
          .intoArray(keys, m);
      if (stored.allTrue()) {
        m += S.length();
      } else {
        LongVector.zero(L).blend(1L, stored.cast(L)).intoArray(stays, 0);
        m = compact(keys, m, stays);
      }
    }
    return ScalarSoftmaxKeys.collect(probs, c, labels, n, ignoreIndex, below, keys, end, n, m);
  }

  /**
   * Moves the keys of a vector, stored at {@code keys[m]} on, down over those whose lane in
   * {@code stays} is 0 (in place: a key moves only towards m; no branch, as the lanes that stay
   * follow no pattern); returns the new count.
   */
  private static int compact(long[] keys, int m, long[] stays) {
    int kept = m;
    for (int lane = 0; lane < stays.length; lane++) {
      keys[kept] = keys[m + lane];
      kept += (int) stays[lane];
    }
    return kept;
  }
}
