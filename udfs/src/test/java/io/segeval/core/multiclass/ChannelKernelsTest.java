package io.segeval.core.multiclass;

import static io.segeval.core.multiclass.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.core.VectorSupport;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scalar and the vector channel loops on the same images: confusion matrices (argmax, ties to
 * the lowest channel) identical, sums and written probabilities within 1e-12 relative, the same
 * refusals. The scalar path is forced through the package-private {@code useKernel}.
 */
class ChannelKernelsTest {
  private static final double REL = 1e-12;

  @Test
  void defaultKernelFollowsVectorSupport() {
    ChannelKernel kernel = ChannelKernels.forClasses(5);
    if (VectorSupport.enabled()) {
      assertEquals("VectorChannelKernel", kernel.getClass().getSimpleName());
    } else {
      assertInstanceOf(ScalarChannelKernel.class, kernel);
    }
  }

  @Test
  void vectorAndScalarLoopsAgree() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    Random rnd = new Random(21);
    // widths leave partial vectors and partial tiles; C = 150 gives 96-pixel tiles
    int[][] shapes = {{2, 1, 1}, {3, 7, 13}, {19, 33, 41}, {19, 64, 64}, {150, 17, 23}};
    for (int[] shape : shapes) {
      int c = shape[0];
      int n = shape[1] * shape[2];
      for (InputKind kind : new InputKind[] {InputKind.LOGITS, InputKind.PROBABILITIES}) {
        double[] pred = kind == InputKind.LOGITS ? logits(rnd, c, n) : probabilities(rnd, c, n);
        assertSameImage(c, shape[1], shape[2], kind, pred, targets(rnd, c, n));
      }
    }
  }

  /**
   * Logits at the edges of exp and of the argmax: ±750 (exp underflows to 0), ±709 and ±745 (exp
   * near overflow and in the subnormals), ±1e4, ±5e-324, ±0.0 (ties), beside logits within 5 of
   * −740, so that many exponentials x − max are subnormal or 0.
   */
  @Test
  void vectorAndScalarLoopsAgreeOnExtremeLogits() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    Random rnd = new Random(23);
    double[] special = {750, -750, 709, -709, 745, -745, 1e4, -1e4, 5e-324, -5e-324, -0.0, 0.0, 1e-300, 740, -740};
    int c = 5;
    int h = 64;
    int w = 67;
    double[] pred = new double[c * h * w];
    for (int k = 0; k < pred.length; k++) {
      pred[k] = rnd.nextBoolean() ? special[rnd.nextInt(special.length)] : -740 + 5 * rnd.nextDouble();
    }
    assertSameImage(c, h, w, InputKind.LOGITS, pred, targets(rnd, c, h * w));
  }

  /** Class ids, one in ten pixels ignored (255). */
  private static double[] targets(Random rnd, int c, int n) {
    double[] target = new double[n];
    for (int j = 0; j < n; j++) {
      target[j] = rnd.nextInt(10) == 0 ? 255 : rnd.nextInt(c);
    }
    return target;
  }

  /** Confusion matrices identical; CE, I_c, P_c and the written probabilities within 1e-12 relative. */
  private static void assertSameImage(int c, int h, int w, InputKind kind, double[] pred, double[] target) {
    int n = h * w;
    MulticlassParams params = MulticlassParams.of(c).withInputKind(kind);
    double[] scalarProbs = new double[c * n];
    double[] vectorProbs = new double[c * n];
    MulticlassCounts scalar = new MulticlassCounts(params).useKernel(ChannelKernels.scalar(c));
    MulticlassCounts vector = new MulticlassCounts(params).useKernel(ChannelKernels.vector(c));
    MulticlassImageResult rs = scalar.update(pred, target, n, w, scalarProbs);
    MulticlassImageResult rv = vector.update(pred, target, n, w, vectorProbs);
    String what = "C=" + c + " " + h + "x" + w + " " + kind.key();
    assertArrayEquals(scalar.confusionMatrix(), vector.confusionMatrix(), what);
    assertEquals(rs.pixels(), rv.pixels(), what);
    assertClose(scalar.crossEntropySum(), vector.crossEntropySum(), REL, what + " CE");
    for (int k = 0; k < c; k++) {
      assertClose(scalar.intersection(k), vector.intersection(k), REL, what + " I_" + k);
      assertClose(scalar.predictedSum(k), vector.predictedSum(k), REL, what + " P_" + k);
    }
    for (int k = 0; k < c * n; k++) {
      // a subnormal probability has fewer than 52 bits: relative to the smallest normal double there
      assertClose(scalarProbs[k], vectorProbs[k], REL * Math.max(1, Double.MIN_NORMAL / Math.abs(scalarProbs[k])),
          what + " p[" + k + "]");
    }
  }

  @Test
  void bothLoopsRefuseTheSameBadValue() {
    assumeTrue(VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    Random rnd = new Random(22);
    int c = 4;
    int n = 40;
    for (int at : new int[] {0, 9, 3 * n + 37}) { // channel 0 in a vector, a vector, channel 3's tail
      double[] pred = logits(rnd, c, n);
      pred[at] = Double.NaN;
      double[] target = new double[n];
      String s = refusal(new MulticlassCounts(MulticlassParams.of(c)).useKernel(ChannelKernels.scalar(c)), pred, target);
      String v = refusal(new MulticlassCounts(MulticlassParams.of(c)).useKernel(ChannelKernels.vector(c)), pred, target);
      assertEquals(s, v);
      assertEquals("prediction NaN at (channel " + at / n + ", row " + at % n / 8 + ", col " + at % 8 + ") is not finite", s);
    }
  }

  /** Logits on a grid of eighths, so that many pixels tie between channels. */
  private static double[] logits(Random rnd, int c, int n) {
    double[] x = new double[c * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = rnd.nextInt(5) == 0 ? rnd.nextInt(4) / 8.0 : rnd.nextGaussian() * 5;
    }
    return x;
  }

  /** Probabilities (softmax of logits, with exact 0 and ties). */
  private static double[] probabilities(Random rnd, int c, int n) {
    double[] x = logits(rnd, c, n);
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int k = 0; k < c; k++) {
        sum += Math.exp(x[k * n + j]);
      }
      for (int k = 0; k < c; k++) {
        x[k * n + j] = rnd.nextInt(50) == 0 ? 0.0 : Math.exp(x[k * n + j]) / sum;
      }
    }
    return x;
  }

  private static String refusal(MulticlassCounts counts, double[] pred, double[] target) {
    return assertThrows(BadRecordException.class, () -> counts.update(pred, target, target.length, 8)).getMessage();
  }
}
