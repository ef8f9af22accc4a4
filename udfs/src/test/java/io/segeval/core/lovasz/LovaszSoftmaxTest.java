package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LovaszSoftmax#perImage} bit for bit (any NaN as one) against a straightforward version of
 * the same sums: each class's errors sorted by a comparison sort (descending, label 0 before 1
 * among equal errors: the keys' order), unpacked, and summed by {@link LovaszGradient#dot}. Random images with
 * ties (probabilities on a coarse grid), ignored pixels scattered and in bands, absent classes,
 * lengths across the 4096-term blocks and the 14-bit digits of many keys; half of them with each
 * pixel's class favoured, so that a class's sort leaves out the background pixels below its least
 * foreground error (whose terms are 0).
 */
class LovaszSoftmaxTest {
  private static final int IGNORE = 255;
  private final LovaszWorkspace ws = new LovaszWorkspace();

  @Test
  void perImageIsTheStraightforwardSumBitForBit() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 80; trial++) {
      // from trial 40 on, each pixel's own class is favoured, as by a trained model, so that
      // background pixels below a class's least foreground error are left out of its sort
      double favoured = trial < 40 ? 0 : 2 + 6 * rnd.nextDouble();
      int classes = 2 + rnd.nextInt(12);
      int n = trial % 4 == 0 ? 1 + rnd.nextInt(40) : 1 + rnd.nextInt(40_000);
      int grid = new int[] {0, 8, 256}[trial % 3]; // 0: no grid
      int present = 1 + rnd.nextInt(classes); // classes >= present are absent
      boolean bands = rnd.nextBoolean();
      double[] probs = new double[classes * n];
      double[] labels = new double[n];
      for (int j = 0; j < n; j++) {
        boolean ignored = bands ? j % 50 < 7 : rnd.nextInt(12) == 0;
        labels[j] = ignored ? IGNORE : rnd.nextInt(present);
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += probs[c * n + j] = Math.exp(3 * rnd.nextGaussian() + (labels[j] == c ? favoured : 0));
        }
        for (int c = 0; c < classes; c++) {
          double p = probs[c * n + j] / sum;
          probs[c * n + j] = grid == 0 ? p : Math.rint(p * grid) / grid;
        }
      }
      double expected = reference(probs, classes, labels, n);
      double actual = LovaszSoftmax.perImage(probs, classes, labels, n, IGNORE, ws);
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
          "trial " + trial + ": " + expected + " vs " + actual);
    }
  }

  @Test
  void backgroundBelowTheLeastForegroundErrorIsNotSorted() {
    // class 1: foreground p = 0.5 ... 0.8, errors 0.2 ... 0.5; background p = e = 0, 0.03, ..., 0.27
    int n = 1000;
    double[] labels = new double[n];
    double[] probs = new double[2 * n];
    int expected = 0;
    for (int j = 0; j < n; j++) {
      boolean fg = j % 4 == 0;
      labels[j] = fg ? 1 : 0;
      double p1 = fg ? 0.5 + (j % 7) * 0.05 : (j % 10) * 0.03;
      probs[n + j] = p1;
      probs[j] = 1 - p1;
      expected += fg || p1 >= 0.2 ? 1 : 0; // p1 = 0.21, 0.24, 0.27: at or above the least error, 1 − 0.8
    }
    double loss = LovaszSoftmax.perImage(probs, 2, labels, n, IGNORE, ws);
    assertEquals(250 + 250, expected); // of 750 background pixels, 250 at 0.21, 0.24 or 0.27
    assertEquals(expected, ws.sortedCount, "class 1, the last sorted: its foreground and the background above 0.2");
    assertEquals(Double.doubleToLongBits(reference(probs, 2, labels, n)), Double.doubleToLongBits(loss));
  }

  @Test
  void errorRunsBelowABoundAreTheRunsCutThere() {
    // the dataset-wide sort's runs of class c without the background below a bound at or under
    // c's least foreground error: the unbounded runs cut there (ErrorRuns.countAtLeast), exactly
    Random rnd = new Random(17);
    for (int trial = 0; trial < 12; trial++) {
      int classes = 2 + rnd.nextInt(6);
      int n = 1 + rnd.nextInt(20_000);
      double[] labels = new double[n];
      double[] probs = new double[classes * n];
      for (int j = 0; j < n; j++) {
        labels[j] = rnd.nextInt(15) == 0 ? IGNORE : rnd.nextInt(classes);
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += probs[c * n + j] = Math.exp(3 * rnd.nextGaussian() + (labels[j] == c ? 6 : 0));
        }
        for (int c = 0; c < classes; c++) {
          probs[c * n + j] = (float) (probs[c * n + j] / sum);
        }
      }
      boolean[] all = new boolean[classes];
      Arrays.fill(all, true);
      double[] least = new double[classes];
      Arrays.fill(least, Double.POSITIVE_INFINITY);
      for (int j = 0; j < n; j++) {
        if (labels[j] != IGNORE) {
          int c = (int) labels[j];
          least[c] = Math.min(least[c], Math.abs(1.0 - probs[c * n + j]));
        }
      }
      ErrorRuns[] whole = LovaszSoftmax.errorRuns(probs, classes, labels, n, IGNORE, ws);
      for (double scale : new double[] {0, 0.5, 1, Double.NaN}) {
        double[] below = new double[classes];
        for (int c = 0; c < classes; c++) {
          below[c] = least[c] == Double.POSITIVE_INFINITY ? 0 : least[c] * scale;
        }
        ErrorRuns[] cut = LovaszSoftmax.errorRuns(probs, classes, labels, n, IGNORE, ws, all, below);
        for (int c = 0; c < classes; c++) {
          int end = Double.isNaN(below[c]) ? whole[c].size() : whole[c].countAtLeast(below[c]);
          String what = "trial " + trial + ", bound × " + scale + ", class " + c;
          assertEquals(end, cut[c].size(), what + ": runs");
          for (int i = 0; i < end; i++) {
            assertEquals(whole[c].error(i), cut[c].error(i), what);
            assertEquals(whole[c].count(i), cut[c].count(i), what);
            assertEquals(whole[c].positive(i), cut[c].positive(i), what);
          }
        }
      }
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
