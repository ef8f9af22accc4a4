package io.segeval.jobs.demo;

import java.util.SplittableRandom;

/** The pixel noise of the demo datasets. */
final class DemoNoise {
  private DemoNoise() {}

  /** A standard normal value (Box–Muller: sqrt(−2 ln u)·cos(2πv), u in [1e-12, 1), v in [0, 1)). */
  static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble(1e-12, 1.0);
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
