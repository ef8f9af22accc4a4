package io.segeval.core.multiclass;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LOG;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The channel loops on the JDK Vector API, several pixels per instruction (float64). Channels are
 * the outer loop, as in the scalar kernel, so each channel's row of the tile is read sequentially
 * (with C = 150, walking the channels inside a vector of pixels is 2× slower: 150 streams).
 * exp is the lanewise {@code EXP} (SVML on x86, within an ulp of {@code Math.exp});
 * comparisons are the scalar ones, so max and argmax are identical. The pixels after the last
 * whole vector go through the scalar kernel. Loaded only when {@code jdk.incubator.vector} is
 * present ({@link ChannelKernels}).
 */
final class VectorChannelKernel implements ChannelKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  // No static final vector constants: a loop that starts from one keeps the vector boxed and runs
  // several times slower on JDK 17; vectors are made in place.

  private final int numClasses;
  private final ScalarChannelKernel tail;

  VectorChannelKernel(Integer numClasses) {
    this.numClasses = numClasses;
    tail = new ScalarChannelKernel(numClasses);
  }

  private static int vectorEnd(int from, int to) {
    return from + (to - from) / S.length() * S.length();
  }

  @Override
  public boolean maxAndArgmax(double[] pred, int n, int start, int from, int to, double lo, double hi,
      double[] max, double[] argmax) {
    int end = vectorEnd(from, to);
    for (int j = from; j < end; j += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, pred, start + j);
      if (!x.compare(GE, lo).and(x.compare(LE, hi)).allTrue()) {
        return false;
      }
      x.intoArray(max, j);
      DoubleVector.zero(S).intoArray(argmax, j);
    }
    for (int c = 1; c < numClasses; c++) {
      int off = c * n + start;
      for (int j = from; j < end; j += S.length()) {
        DoubleVector x = DoubleVector.fromArray(S, pred, off + j);
        if (!x.compare(GE, lo).and(x.compare(LE, hi)).allTrue()) {
          return false;
        }
        // only a strictly greater value moves the argmax: ties go to the lowest channel
        DoubleVector m = DoubleVector.fromArray(S, max, j);
        VectorMask<Double> greater = x.compare(GT, m);
        m.blend(x, greater).intoArray(max, j);
        DoubleVector.fromArray(S, argmax, j).blend((double) c, greater).intoArray(argmax, j);
      }
    }
    return tail.maxAndArgmax(pred, n, start, end, to, lo, hi, max, argmax);
  }

  @Override
  public void exp(double[] pred, int n, int start, int from, int to, double[] max, double[] exps, int stride,
      double[] sumExp) {
    int end = vectorEnd(from, to);
    for (int j = from; j < end; j += S.length()) {
      DoubleVector.zero(S).intoArray(sumExp, j);
    }
    for (int c = 0; c < numClasses; c++) {
      int off = c * n + start;
      int eo = c * stride;
      for (int j = from; j < end; j += S.length()) {
        // e_cj = exp(x_cj − max_j), S_j += e_cj
        DoubleVector e = DoubleVector.fromArray(S, pred, off + j).sub(DoubleVector.fromArray(S, max, j)).lanewise(EXP);
        e.intoArray(exps, eo + j);
        DoubleVector.fromArray(S, sumExp, j).add(e).intoArray(sumExp, j);
      }
    }
    tail.exp(pred, n, start, end, to, max, exps, stride, sumExp);
  }

  @Override
  public void logAndReciprocal(double[] s, double[] logS, double[] inv, int from, int to) {
    int end = vectorEnd(from, to);
    for (int j = from; j < end; j += S.length()) {
      DoubleVector v = DoubleVector.fromArray(S, s, j);
      v.lanewise(LOG).intoArray(logS, j);
      DoubleVector.broadcast(S, 1.0).div(v).intoArray(inv, j);
    }
    tail.logAndReciprocal(s, logS, inv, end, to);
  }

  @Override
  public double dot(double[] a, int offset, double[] w, int from, int to) {
    int end = vectorEnd(from, to);
    DoubleVector acc = DoubleVector.zero(S);
    for (int j = from; j < end; j += S.length()) {
      acc = acc.add(DoubleVector.fromArray(S, a, offset + j).mul(DoubleVector.fromArray(S, w, j)));
    }
    return acc.reduceLanes(ADD) + tail.dot(a, offset, w, end, to);
  }

  @Override
  public void scale(double[] a, int offset, double[] w, double[] out, int outOffset, int from, int to) {
    int end = vectorEnd(from, to);
    for (int j = from; j < end; j += S.length()) {
      DoubleVector.fromArray(S, a, offset + j).mul(DoubleVector.fromArray(S, w, j)).intoArray(out, outOffset + j);
    }
    tail.scale(a, offset, w, out, outOffset, end, to);
  }
}
