package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LovaszSoftmax#perImage} bit for bit against a straightforward version of the same sums:
 * each class's errors sorted by a comparison sort (descending, label 0 before 1 among equal
 * errors: the keys' order), unpacked, and summed by {@link LovaszGradient#dot}. Random images with
 * ties (probabilities on a coarse grid), ignored pixels scattered and in bands, absent classes,
 * lengths across the 4096-term blocks and the 14-bit digits of many keys.
 */
class LovaszSoftmaxTest {
  private static final int IGNORE = 255;
  private final LovaszWorkspace ws = new LovaszWorkspace();

  @Test
  void perImageIsTheStraightforwardSumBitForBit() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 40; trial++) {
      int classes = 2 + rnd.nextInt(12);
      int n = trial % 4 == 0 ? 1 + rnd.nextInt(40) : 1 + rnd.nextInt(40_000);
      int grid = new int[] {0, 8, 256}[trial % 3]; // 0: no grid
      int present = 1 + rnd.nextInt(classes); // classes >= present are absent
      boolean bands = rnd.nextBoolean();
      double[] probs = new double[classes * n];
      double[] labels = new double[n];
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += probs[c * n + j] = Math.exp(3 * rnd.nextGaussian());
        }
        for (int c = 0; c < classes; c++) {
          double p = probs[c * n + j] / sum;
          probs[c * n + j] = grid == 0 ? p : Math.rint(p * grid) / grid;
        }
        boolean ignored = bands ? j % 50 < 7 : rnd.nextInt(12) == 0;
        labels[j] = ignored ? IGNORE : rnd.nextInt(present);
      }
      double expected = reference(probs, classes, labels, n);
      double actual = LovaszSoftmax.perImage(probs, classes, labels, n, IGNORE, ws);
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
          "trial " + trial + ": " + expected + " vs " + actual);
    }
  }

  /** The mean over present classes of the dot of the comparison-sorted errors. */
  private static double reference(double[] probs, int classes, double[] labels, int n) {
    long[] counts = LovaszSoftmax.classCounts(labels, n, IGNORE, classes);
    double sum = 0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (counts[c] == 0) {
        continue;
      }
      List<double[]> pixels = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        double fg = labels[j] == c ? 1 : 0;
        double e = Math.abs(fg - probs[c * n + j]);
        if (labels[j] != IGNORE && e > 0) {
          pixels.add(new double[] {e, fg});
        }
      }
      pixels.sort(Comparator.<double[]>comparingDouble(p -> -p[0]).thenComparingDouble(p -> p[1]));
      double[] errors = new double[pixels.size()];
      double[] targets = new double[pixels.size()];
      for (int k = 0; k < errors.length; k++) {
        errors[k] = pixels.get(k)[0];
        targets[k] = pixels.get(k)[1];
      }
      sum += LovaszGradient.dot(errors, targets, errors.length, counts[c]);
      present++;
    }
    return sum / present;
  }
}
