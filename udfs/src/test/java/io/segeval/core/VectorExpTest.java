package io.segeval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VectorExp against {@code Math.exp} and {@code Math.log1p}: within 1 and 2 ulps over logits of
 * every scale, at the edges of its range reduction, and on the special values.
 */
class VectorExpTest {
  private static final double[] SPECIAL = {
      0.0, -0.0, Double.MIN_VALUE, 1e-300, 1e-20, 1e-8, 0.5, Math.log(2) / 2, Math.log(2), 1, 36.7, 37,
      700, 707.9, 708, 708.5, 745, 746, 800, Float.MAX_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY};

  @BeforeAll
  static void needsTheVectorModule() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
  }

  @Test
  void expOfMinusAbsIsWithinAnUlpOfMathExp() {
    double[] xs = sample();
    double[] e = expOfMinusAbs(xs);
    for (int i = 0; i < xs.length; i++) {
      double expected = Math.exp(-Math.abs(xs[i]));
      if (Math.abs(xs[i]) > 708) {
        // below 2.3e-308 (subnormal or 0 in Math.exp) VectorExp gives 0
        assertEquals(0.0, e[i], "exp(-|" + xs[i] + "|)");
      } else {
        assertWithinUlps(expected, e[i], 1, "exp(-|" + xs[i] + "|)");
      }
    }
  }

  @Test
  void log1pOfExpIsWithinTwoUlpsOfMathLog1p() {
    double[] xs = sample();
    double[] e = expOfMinusAbs(xs);
    double[] l = new double[e.length];
    VectorExp.log1pOfUnit(e, e.length, l);
    for (int i = 0; i < xs.length; i++) {
      assertWithinUlps(Math.log1p(e[i]), l[i], 2, "log1p(" + e[i] + ")");
    }
    double[] unit = new double[wholeVectors(4096)];
    Random rnd = new Random(3);
    for (int i = 0; i < unit.length; i++) {
      unit[i] = i < 4 ? new double[] {0, 1, Double.MIN_VALUE, 1e-17}[i] : rnd.nextDouble();
    }
    double[] out = new double[unit.length];
    VectorExp.log1pOfUnit(unit, unit.length, out);
    for (int i = 0; i < unit.length; i++) {
      assertWithinUlps(Math.log1p(unit[i]), out[i], 2, "log1p(" + unit[i] + ")");
    }
  }

  @Test
  void nanStaysNanWhateverItsPayload() {
    double[] xs = new double[wholeVectors(64)];
    xs[0] = Double.NaN;
    xs[1] = Double.longBitsToDouble(0x7ff8000000000fffL); // low bits that would shift into the exponent
    xs[2] = Double.longBitsToDouble(0xfff0000000000001L); // negative signalling NaN
    double[] e = expOfMinusAbs(xs);
    double[] l = new double[e.length];
    VectorExp.log1pOfUnit(e, e.length, l);
    for (int i = 0; i < 3; i++) {
      assertTrue(Double.isNaN(e[i]) && Double.isNaN(l[i]), i + ": " + e[i] + " " + l[i]);
    }
    assertEquals(1.0, e[3]);
  }

  /** Logits of several scales (float32, as models write them), both signs, then the special values. */
  private static double[] sample() {
    Random rnd = new Random(7);
    double[] xs = new double[wholeVectors(20_000)];
    for (int i = 0; i < xs.length; i++) {
      double scale = new double[] {0.01, 1, 8, 40, 400}[i % 5];
      xs[i] = (float) (rnd.nextGaussian() * scale);
    }
    for (int i = 0; i < SPECIAL.length; i++) {
      xs[2 * i] = SPECIAL[i];
      xs[2 * i + 1] = -SPECIAL[i];
    }
    // both sides of every rounding boundary of k = round(y / ln 2) in the first hundred
    for (int k = 0; k < 200; k++) {
      double boundary = (k + 0.5) * Math.log(2);
      xs[100 + 2 * k] = Math.nextDown(boundary);
      xs[101 + 2 * k] = Math.nextUp(boundary);
    }
    return xs;
  }

  /** n rounded down to whole vectors, as the kernels call VectorExp. */
  private static int wholeVectors(int n) {
    return n / VectorLanes.preferred() * VectorLanes.preferred();
  }

  private static double[] expOfMinusAbs(double[] xs) {
    double[] e = new double[xs.length];
    VectorExp.expOfMinusAbs(xs, 0, e, 0, xs.length);
    return e;
  }

  private static void assertWithinUlps(double expected, double actual, int ulps, String what) {
    double tolerance = ulps * Math.ulp(expected);
    assertTrue(Math.abs(actual - expected) <= tolerance,
        what + ": expected " + expected + ", got " + actual + " (" + (actual - expected) / Math.ulp(expected) + " ulps)");
  }
}
