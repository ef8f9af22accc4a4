package io.segeval.core;

import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and log1p over arrays for the vector kernels, on the arguments the binary pass needs:
 * exp(−|x|) and log1p of numbers in [0, 1]. Within 1 ulp (exp) and 2 ulps (log1p) of
 * {@code Math.exp} / {@code Math.log1p}, and about twice as fast as the lanewise {@code EXP} /
 * {@code LOG1P} (SVML), which are accurate over the whole double range and pay for it.
 *
 * <p>Each method is one small loop over arrays, not a function of vectors: a vector handed to a
 * method the JIT does not inline is boxed, and one loop holding both polynomials next to a
 * kernel's other work is too large for C2 to inline every vector operation (measured: 4× slower).
 *
 * <p>NaN gives NaN, whatever its bits; ±∞ gives exp 0. The coefficients and their errors come
 * from {@code tools/reference/vector_exp_coefficients.py}.
 * Loaded only when {@code jdk.incubator.vector} is present (see {@link VectorSupport}).
 */
public final class VectorExp {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Below this, exp is under 2.3e-308 and is given as 0 (2^k would leave the normal range). */
  private static final double EXP_ZERO_BELOW = -708;
  /** 1.5·2^52: adding it rounds to an integer held in the low bits of the sum. */
  private static final double ROUND = 0x1.8p52;

  private VectorExp() {}

  /**
   * out[outFrom + k] = exp(−|xs[from + k]|) for k in [0, n), n a multiple of the vector length; xs
   * and out may be the same array at the same offset.
   *
   * <p>exp(y) = 2^k·exp(r) with k = round(y / ln 2) and r = y − k·ln 2 (ln 2 in two parts, so the
   * product is exact), |r| ≤ ln 2 / 2; exp(r) by a degree-11 polynomial (c1 = c0 = 1) fitted at Chebyshev
   * nodes (relative error 4e-18); 2^k added to the exponent bits.
   */
  public static void expOfMinusAbs(double[] xs, int from, double[] out, int outFrom, int n) {
    DoubleVector log2e = DoubleVector.broadcast(S, 0x1.71547652b82fep+0);
    DoubleVector round = DoubleVector.broadcast(S, ROUND);
    DoubleVector minusLn2Hi = DoubleVector.broadcast(S, -0x1.62e4200000000p-1);
    DoubleVector minusLn2Lo = DoubleVector.broadcast(S, -0x1.fdf473de6af28p-22);
    DoubleVector c0 = DoubleVector.broadcast(S, 0x1.0000000000000p+0);
    DoubleVector c2 = DoubleVector.broadcast(S, 0x1.0000000000011p-1);
    DoubleVector c3 = DoubleVector.broadcast(S, 0x1.555555555555ap-3);
    DoubleVector c4 = DoubleVector.broadcast(S, 0x1.555555554f0bap-5);
    DoubleVector c5 = DoubleVector.broadcast(S, 0x1.111111110f21ep-7);
    DoubleVector c6 = DoubleVector.broadcast(S, 0x1.6c16c1880029fp-10);
    DoubleVector c7 = DoubleVector.broadcast(S, 0x1.a01a01b1461c5p-13);
    DoubleVector c8 = DoubleVector.broadcast(S, 0x1.a01991a10d9aep-16);
    DoubleVector c9 = DoubleVector.broadcast(S, 0x1.71ddf56d8deb5p-19);
    DoubleVector c10 = DoubleVector.broadcast(S, 0x1.28b4101c77212p-22);
    DoubleVector c11 = DoubleVector.broadcast(S, 0x1.af632a0f7e2cep-26);
    for (int k = 0; k < n; k += S.length()) {
      DoubleVector y = DoubleVector.fromArray(S, xs, from + k).abs().neg();
      DoubleVector shifted = y.max(EXP_ZERO_BELOW).lanewise(FMA, log2e, round);
      DoubleVector kLn2 = shifted.sub(round);
      DoubleVector r = kLn2.lanewise(FMA, minusLn2Lo, kLn2.lanewise(FMA, minusLn2Hi, y));
      DoubleVector p = r.lanewise(FMA, c11, c10);
      p = p.lanewise(FMA, r, c9);
      p = p.lanewise(FMA, r, c8);
      p = p.lanewise(FMA, r, c7);
      p = p.lanewise(FMA, r, c6);
      p = p.lanewise(FMA, r, c5);
      p = p.lanewise(FMA, r, c4);
      p = p.lanewise(FMA, r, c3);
      p = p.lanewise(FMA, r, c2);
      p = p.lanewise(FMA, r, c0);
      p = p.lanewise(FMA, r, c0);
      // the low bits of `shifted` hold k: k << 52 added to p's bits multiplies p by 2^k
      DoubleVector e = p.reinterpretAsLongs().add(shifted.reinterpretAsLongs().lanewise(LSHL, 52))
          .reinterpretAsDoubles();
      e.blend(0.0, y.compare(LT, EXP_ZERO_BELOW)).blend(y, y.test(IS_NAN)).intoArray(out, outFrom + k);
    }
  }

  /**
   * out[k] = log1p(es[k]) for k in [0, n), n a multiple of the vector length, every es[k] in [0, 1]
   * (as exp(−|x|) is).
   *
   * <p>log1p(e) = 2·atanh(s) with s = e / (2 + e) ≤ 1/3, no cancellation for small e;
   * 2·atanh(s) = 2s + 2s·z·q(z) with z = s² ≤ 1/9 and q a degree-9 polynomial fitted at Chebyshev
   * nodes (relative error 1.3e-16 in q, 5e-18 in the result).
   */
  public static void log1pOfUnit(double[] es, int n, double[] out) {
    DoubleVector q0 = DoubleVector.broadcast(S, 0x1.5555555555555p-2);
    DoubleVector q1 = DoubleVector.broadcast(S, 0x1.999999999a3ddp-3);
    DoubleVector q2 = DoubleVector.broadcast(S, 0x1.24924923d44c6p-3);
    DoubleVector q3 = DoubleVector.broadcast(S, 0x1.c71c727143318p-4);
    DoubleVector q4 = DoubleVector.broadcast(S, 0x1.745cf0b0e03bdp-4);
    DoubleVector q5 = DoubleVector.broadcast(S, 0x1.3b18b294bebf9p-4);
    DoubleVector q6 = DoubleVector.broadcast(S, 0x1.10ac75dc602b1p-4);
    DoubleVector q7 = DoubleVector.broadcast(S, 0x1.eb905e8575054p-5);
    DoubleVector q8 = DoubleVector.broadcast(S, 0x1.687a6e7c95176p-5);
    DoubleVector q9 = DoubleVector.broadcast(S, 0x1.4b0a26c5f2aefp-4);
    for (int k = 0; k < n; k += S.length()) {
      DoubleVector e = DoubleVector.fromArray(S, es, k);
      DoubleVector s = e.div(e.add(2.0));
      DoubleVector z = s.mul(s);
      DoubleVector q = z.lanewise(FMA, q9, q8);
      q = q.lanewise(FMA, z, q7);
      q = q.lanewise(FMA, z, q6);
      q = q.lanewise(FMA, z, q5);
      q = q.lanewise(FMA, z, q4);
      q = q.lanewise(FMA, z, q3);
      q = q.lanewise(FMA, z, q2);
      q = q.lanewise(FMA, z, q1);
      q = q.lanewise(FMA, z, q0);
      DoubleVector twoS = s.add(s);
      twoS.lanewise(FMA, z.mul(q), twoS).intoArray(out, k);
    }
  }
}
