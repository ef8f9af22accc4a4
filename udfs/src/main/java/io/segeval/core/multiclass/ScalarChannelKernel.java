package io.segeval.core.multiclass;

/** The channel loops one value at a time: the reference, and the path without the Vector API. */
final class ScalarChannelKernel implements ChannelKernel {
  private final int numClasses;

  ScalarChannelKernel(int numClasses) {
    this.numClasses = numClasses;
  }

  @Override
  public boolean maxAndArgmax(double[] pred, int n, int start, int from, int to, double lo, double hi,
      double[] max, double[] argmax) {
    boolean valid = true;
    for (int j = from; j < to; j++) {
      double x = pred[start + j];
      valid &= x >= lo && x <= hi;
      max[j] = x;
      argmax[j] = 0;
    }
    for (int c = 1; c < numClasses; c++) {
      int off = c * n + start;
      for (int j = from; j < to; j++) {
        double x = pred[off + j];
        valid &= x >= lo && x <= hi;
        if (x > max[j]) {
          max[j] = x;
          argmax[j] = c;
        }
      }
    }
    return valid;
  }

  @Override
  public void exp(double[] pred, int n, int start, int from, int to, double[] max, double[] exps, int stride,
      double[] sumExp) {
    for (int j = from; j < to; j++) {
      sumExp[j] = 0.0;
    }
    for (int c = 0; c < numClasses; c++) {
      int off = c * n + start;
      int eo = c * stride;
      for (int j = from; j < to; j++) {
        double e = Math.exp(pred[off + j] - max[j]);
        exps[eo + j] = e;
        sumExp[j] += e;
      }
    }
  }

  @Override
  public void logAndReciprocal(double[] s, double[] logS, double[] inv, int from, int to) {
    for (int j = from; j < to; j++) {
      logS[j] = Math.log(s[j]);
      inv[j] = 1.0 / s[j];
    }
  }

  @Override
  public double dot(double[] a, int offset, double[] w, int from, int to) {
    double acc = 0;
    for (int j = from; j < to; j++) {
      acc += a[offset + j] * w[j];
    }
    return acc;
  }

  @Override
  public void scale(double[] a, int offset, double[] w, double[] out, int outOffset, int from, int to) {
    for (int j = from; j < to; j++) {
      out[outOffset + j] = a[offset + j] * w[j];
    }
  }
}
