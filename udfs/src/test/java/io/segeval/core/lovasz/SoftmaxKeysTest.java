package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segeval.core.VectorSupport;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector scan of the Lovász-softmax against the scalar one: the same keys in the same order
 * for every class, over lengths around the vector width, with ignored pixels scattered and in
 * bands, labels outside the classes, probabilities of exactly 0 and 1 (errors of 0 are left out;
 * also in the vectors that hold ignored pixels) and NaN (its key made canonical). The vector scan runs when the JVM has
 * {@code jdk.incubator.vector} (surefire's argLine adds it). Each with background pixels below a
 * bound left out, for bounds that leave out none, some, most and all of them.
 */
class SoftmaxKeysTest {
  private static final int CLASSES = 4;
  private static final int IGNORE = 255;
  private static final int[] LENGTHS = {0, 1, 7, 8, 9, 16, 17, 100, 4099};
  /** Background pixels with an error below: none, some, most, all left out; NaN leaves none out. */
  private static final double[] BOUNDS = {0.0, 0.3, 0.9, 2.0, Double.NaN};

  @Test
  void chosenScanFollowsVectorSupport() {
    assertEquals(VectorSupport.enabled() ? "VectorSoftmaxKeys" : "ScalarSoftmaxKeys",
        SoftmaxKeys.CHOSEN.getClass().getSimpleName());
  }

  @Test
  void vectorAndScalarScansWriteTheSameKeys() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    SoftmaxKeys vector = VectorSupport.newVectorKernel("io.segeval.core.lovasz.VectorSoftmaxKeys", SoftmaxKeys.class);
    Random rnd = new Random(9);
    for (int n : LENGTHS) {
      for (String kind : new String[] {"plain", "scattered-ignore", "banded-ignore", "edges", "ignore-and-edges", "nan"}) {
        double[] labels = new double[n];
        double[] probs = new double[CLASSES * n];
        for (int j = 0; j < n; j++) {
          labels[j] = switch (kind) {
            case "scattered-ignore" -> rnd.nextInt(10) == 0 ? IGNORE : rnd.nextInt(CLASSES);
            case "banded-ignore" -> j % 40 < 5 ? IGNORE : rnd.nextInt(CLASSES);
            case "edges" -> rnd.nextInt(8) == 0 ? CLASSES + 3 : rnd.nextInt(CLASSES); // not a class: background
            case "ignore-and-edges" -> rnd.nextInt(6) == 0 ? IGNORE : rnd.nextInt(CLASSES);
            default -> rnd.nextInt(CLASSES);
          };
          for (int c = 0; c < CLASSES; c++) {
            probs[c * n + j] = kind.endsWith("edges") && rnd.nextInt(4) == 0 ? rnd.nextInt(2) : rnd.nextDouble();
          }
        }
        if (kind.equals("nan") && n > 0) {
          probs[rnd.nextInt(probs.length)] = Double.longBitsToDouble(0x7ff8_0000_0000_0abcL); // a non-canonical NaN
        }
        for (int c = 0; c < CLASSES; c++) {
          for (double below : BOUNDS) {
            long[] a = new long[n];
            long[] b = new long[n];
            int ma = new ScalarSoftmaxKeys().collect(probs, c, labels, n, IGNORE, below, a);
            int mb = vector.collect(probs, c, labels, n, IGNORE, below, b);
            String what = kind + " n=" + n + " class " + c + " below " + below;
            assertEquals(ma, mb, what + ": keys");
            assertArrayEquals(Arrays.copyOf(a, ma), Arrays.copyOf(b, mb), what);
          }
        }
      }
    }
  }
}
