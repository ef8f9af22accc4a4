package io.segeval.bench;

import java.util.SplittableRandom;

/**
 * Synthetic images for the kernel benchmarks, deterministic per seed: binary logits that are
 * confident away from a few blobs' edges (float32 values, as decoded from a float32 NPY) with 0/1
 * targets, and multiclass logits (channel-major) with class-id targets, 5% of them ignored.
 */
final class BenchImages {
  static final int IGNORE = 255;

  private BenchImages() {}

  /** {@code [logits, targets]} of a size×size binary image, confident as {@code DemoDataset}'s. */
  static double[][] binary(int size, long seed) {
    return binary(size, seed, false);
  }

  /**
   * {@code [logits, targets]} of a size×size binary image; {@code noisy}: x = ±3 + 2·N(0, 1), so
   * about 16% of the pixels have a positive hinge error (the Lovász sort's worst realistic case),
   * else confident away from the blobs' edges (about 1% in the sort).
   */
  static double[][] binary(int size, long seed, boolean noisy) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = size * size;
    double[] x = new double[n];
    double[] t = new double[n];
    double[][] blobs = new double[3][];
    for (int b = 0; b < blobs.length; b++) {
      blobs[b] = new double[] {rnd.nextDouble(0.2, 0.8) * size, rnd.nextDouble(0.2, 0.8) * size,
          rnd.nextDouble(0.05, 0.2) * size};
    }
    for (int y = 0; y < size; y++) {
      for (int c = 0; c < size; c++) {
        double margin = -1;
        for (double[] b : blobs) {
          double d = Math.hypot(y - b[0], c - b[1]) / b[2];
          margin = Math.max(margin, 1 - d);
        }
        int j = y * size + c;
        t[j] = margin > 0 ? 1 : 0;
        x[j] = (float) (noisy ? (2 * t[j] - 1) * 3 + 2 * gaussian(rnd) : 6 * Math.tanh(3 * margin) + 1.6 * gaussian(rnd));
      }
    }
    return new double[][] {x, t};
  }

  /** Channel-major float32-valued logits {@code x[c*n + j]} of a size×size image. */
  static double[] multiclassLogits(int classes, int size, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[classes * size * size];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (4 * gaussian(rnd));
    }
    return x;
  }

  /** Class ids in [0, classes), or {@link #IGNORE} for 5% of the pixels. */
  static double[] multiclassTargets(int classes, int size, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] t = new double[size * size];
    for (int j = 0; j < t.length; j++) {
      t[j] = rnd.nextInt(20) == 0 ? IGNORE : rnd.nextInt(classes);
    }
    return t;
  }

  /** softmax over channels of channel-major logits. */
  static double[] softmax(double[] logits, int classes, int n) {
    double[] p = new double[logits.length];
    for (int j = 0; j < n; j++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[c * n + j]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += p[c * n + j] = Math.exp(logits[c * n + j] - max);
      }
      for (int c = 0; c < classes; c++) {
        p[c * n + j] /= sum;
      }
    }
    return p;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble(1e-12, 1.0);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
