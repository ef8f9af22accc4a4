package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segeval.core.VectorSupport;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector scan of the Lovász hinge's fast path against the scalar one: the same keys in the
 * same order, the same positives, the same refusals (soft targets, float64 logits, NaN), over
 * lengths around the vector width and values at the edges (margins of exactly 1, ±0, infinities,
 * float subnormals). The vector scan runs when the JVM has {@code jdk.incubator.vector}
 * (surefire's argLine adds it).
 */
class HingeKeysTest {
  private static final int[] LENGTHS = {0, 1, 7, 8, 9, 15, 16, 17, 100, 4099};

  @Test
  void chosenScanFollowsVectorSupport() {
    assertEquals(VectorSupport.enabled() ? "VectorHingeKeys" : "ScalarHingeKeys",
        HingeKeys.CHOSEN.getClass().getSimpleName());
  }

  @Test
  void vectorAndScalarScansWriteTheSameKeys() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    HingeKeys vector = VectorSupport.newVectorKernel("io.segeval.core.lovasz.VectorHingeKeys", HingeKeys.class);
    Random rnd = new Random(5);
    float[] edges = {1f, -1f, 0f, -0f, Math.nextDown(1f), Math.nextUp(1f), Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int n : LENGTHS) {
      for (String kind : new String[] {"confident", "noisy", "edges", "soft", "float64", "nan"}) {
        double[] x = new double[n];
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
          t[j] = rnd.nextInt(3) == 0 ? 1.0 : 0.0;
          double sign = 2 * t[j] - 1;
          x[j] = switch (kind) {
            case "confident" -> (float) (sign * (6 + rnd.nextGaussian()));
            case "edges" -> edges[rnd.nextInt(edges.length)];
            default -> (float) (3 * rnd.nextGaussian());
          };
        }
        if (n > 0 && !kind.equals("confident") && !kind.equals("noisy") && !kind.equals("edges")) {
          int at = rnd.nextInt(n);
          switch (kind) {
            case "soft" -> t[at] = 0.5;
            case "float64" -> x[at] = 0.1;
            default -> x[at] = Double.NaN;
          }
        }
        assertSameKeys(vector, x, t, kind + " n=" + n);
      }
    }
  }

  private static void assertSameKeys(HingeKeys vector, double[] x, double[] t, String what) {
    int n = x.length;
    LovaszWorkspace a = new LovaszWorkspace();
    LovaszWorkspace b = new LovaszWorkspace();
    a.ensure(n);
    b.ensure(n);
    long pa = new ScalarHingeKeys().collect(x, t, n, a.keys, a);
    long pb = vector.collect(x, t, n, b.keys, b);
    assertEquals(pa, pb, what + ": positives");
    if (pa >= 0) {
      assertEquals(a.sortedCount, b.sortedCount, what + ": keys");
      assertArrayEquals(Arrays.copyOf(a.keys, a.sortedCount), Arrays.copyOf(b.keys, b.sortedCount), what);
    }
  }
}
