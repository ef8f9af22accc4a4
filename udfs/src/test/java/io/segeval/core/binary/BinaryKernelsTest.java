package io.segeval.core.binary;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.core.PixelGrid;
import io.segeval.core.VectorSupport;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar and the vector fused pass on the same pixels: sums within 1e-12 relative, hard
 * counts and refusals identical. The scalar path is forced through the package-private
 * {@code update(..., kernel)}; the vector one runs when the JVM has {@code jdk.incubator.vector}
 * (surefire's argLine adds it, as Spark's flag list does).
 */
class BinaryKernelsTest {
  private static final double SUM_TOL = 1e-12;

  private static final List<BinaryParams> PARAMS = List.of(
      BinaryParams.DEFAULTS,
      BinaryParams.parse("focal_gamma=2.5,threshold=0.7"), // pow, a non-zero logit threshold
      BinaryParams.parse("focal_gamma=0,focal_alpha=0.25"),
      BinaryParams.parse("focal_gamma=3,combo_eps=0.05,combo_alpha=0.3")); // many clamped p

  // 1, a partial vector, whole vectors, a block and a bit, several blocks with a tail
  private static final int[] LENGTHS = {1, 7, 8, 9, 64, 4095, 4096, 4097, 10_001};

  @Test
  void defaultKernelFollowsVectorSupport() {
    BinaryKernel kernel = BinaryKernels.forParams(BinaryParams.DEFAULTS);
    if (VectorSupport.enabled()) {
      assertEquals("VectorBinaryKernel", kernel.getClass().getSimpleName());
    } else {
      assertInstanceOf(ScalarBinaryKernel.class, kernel);
    }
    assertEquals(kernel, BinaryKernels.forParams(BinaryParams.DEFAULTS), "one kernel per thread");
  }

  @Test
  void vectorAndScalarPassesAgreeOnLogits() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    Random rnd = new Random(11);
    for (BinaryParams params : PARAMS) {
      for (int n : LENGTHS) {
        double[] x = logits(rnd, n);
        double[] t = targets(rnd, n, n % 2 == 1);
        assertSameSums(params, x, t, InputKind.LOGITS, params + " n=" + n);
      }
    }
  }

  @Test
  void vectorAndScalarPassesAgreeOnProbabilities() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    Random rnd = new Random(12);
    for (BinaryParams params : PARAMS) {
      for (int n : LENGTHS) {
        double[] x = logits(rnd, n);
        double[] p = new double[n];
        double[] special = {0.0, 1.0, 0.5, 0.7, Math.nextDown(0.7), 1e-10, 1 - 1e-10, 0.05, 0.95,
            Double.MIN_VALUE, 1e-310, Math.nextDown(1.0), 1e-45};
        for (int j = 0; j < n; j++) {
          p[j] = rnd.nextInt(8) == 0 ? special[rnd.nextInt(special.length)] : 1 / (1 + Math.exp(-x[j]));
        }
        assertSameSums(params, p, targets(rnd, n, n % 2 == 0), InputKind.PROBABILITIES, params + " n=" + n);
      }
    }
  }

  @Test
  void bothPathsRefuseTheSameBadPixel() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    Random rnd = new Random(13);
    int n = 100;
    double[][] bad = {{Double.NaN, 0}, {Double.POSITIVE_INFINITY, 0}, {Double.NEGATIVE_INFINITY, 1},
        {0.5, 2}, {0.5, -0.25}, {0.5, Double.NaN}, {0.5, 255}};
    for (double[] pixel : bad) {
      for (int at : new int[] {0, 13, 95}) { // in a vector, another vector, the scalar tail
        double[] x = logits(rnd, n);
        double[] t = targets(rnd, n, false);
        x[at] = pixel[0];
        t[at] = pixel[1];
        String scalar = refusal(BinaryKernels.scalar(BinaryParams.DEFAULTS), x, t, InputKind.LOGITS);
        String vector = refusal(BinaryKernels.vector(BinaryParams.DEFAULTS), x, t, InputKind.LOGITS);
        assertEquals(scalar, vector);
        assertEquals("(row " + at / 10 + ", col " + at % 10 + ")", scalar.replaceAll(".* at (\\(row [0-9]+, col [0-9]+\\)).*", "$1"));
      }
    }
    double[] p = new double[n];
    java.util.Arrays.fill(p, 0.5);
    p[42] = 1.5;
    double[] t = targets(rnd, n, false);
    assertEquals(refusal(BinaryKernels.scalar(BinaryParams.DEFAULTS), p, t, InputKind.PROBABILITIES),
        refusal(BinaryKernels.vector(BinaryParams.DEFAULTS), p, t, InputKind.PROBABILITIES));
  }

  /** Logits from confident to undecided, with the edge cases of exp and of the threshold. */
  private static double[] logits(Random rnd, int n) {
    double[] special = {0.0, -0.0, 1e-300, -1e-300, 40, -40, 745, -745, 1e4, -1e4, 0.8472978603872037};
    double[] x = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = rnd.nextInt(16) == 0 ? special[rnd.nextInt(special.length)] : (float) (rnd.nextGaussian() * 6);
    }
    return x;
  }

  private static double[] targets(Random rnd, int n, boolean soft) {
    double[] t = new double[n];
    for (int j = 0; j < n; j++) {
      t[j] = !soft ? rnd.nextInt(2) : rnd.nextInt(8) == 0 ? 0.5 : rnd.nextInt(4) == 0 ? rnd.nextInt(2) : rnd.nextDouble();
    }
    return t;
  }

  private static void assertSameSums(BinaryParams params, double[] x, double[] t, InputKind kind, String what) {
    BinaryCounts scalar = new BinaryCounts(params);
    scalar.update(x, t, x.length, PixelGrid.image(x.length), kind, BinaryKernels.scalar(params));
    BinaryCounts vector = new BinaryCounts(params);
    vector.update(x, t, x.length, PixelGrid.image(x.length), kind, BinaryKernels.vector(params));
    assertEquals(scalar.pixels(), vector.pixels(), what);
    assertEquals(scalar.tp(), vector.tp(), what + " tp");
    assertEquals(scalar.fp(), vector.fp(), what + " fp");
    assertEquals(scalar.fn(), vector.fn(), what + " fn");
    assertEquals(scalar.tn(), vector.tn(), what + " tn");
    assertClose(scalar.intersection(), vector.intersection(), SUM_TOL, what + " I");
    assertClose(scalar.predSum(), vector.predSum(), SUM_TOL, what + " P");
    assertClose(scalar.targetSum(), vector.targetSum(), SUM_TOL, what + " T");
    assertClose(scalar.bceSum(), vector.bceSum(), SUM_TOL, what + " B");
    assertClose(scalar.focalSum(), vector.focalSum(), SUM_TOL, what + " F");
    assertClose(scalar.wceSum(), vector.wceSum(), SUM_TOL, what + " W");
  }

  private static String refusal(BinaryKernel kernel, double[] x, double[] t, InputKind kind) {
    BinaryCounts c = new BinaryCounts(kernel.params());
    return assertThrows(BadRecordException.class, () -> c.update(x, t, x.length, PixelGrid.image(10), kind, kernel)).getMessage();
  }
}
