package io.segeval.core.lovasz;

import java.util.Arrays;

/**
 * Lovász-softmax of one image (Berman et al. 2018, {@code lovasz_softmax_flat}, classes =
 * 'present'), in float64. Pixels whose label equals {@code ignoreIndex} are left out of
 * everything. For each class c present among the remaining labels, {@code e_j = |[t_j=c] − p_c,j|}
 * sorted descending with {@code fg = [t=c]} along, {@code loss_c = Σ_k e_(k)·∇_k} with the
 * gradient of {@link LovaszGradient} ({@code g} = the pixels labelled c); the loss is the mean over
 * present classes (summed in class order, as the reference does).
 *
 * <p>{@code probs} is channel-major: {@code probs[c*n + j]}. Labels are class ids stored as
 * doubles; a label that is neither the ignore index nor a class in {@code [0, numClasses)} is
 * background for every class (SegEval's readers reject such labels before). No present class
 * (no pixel left): NaN, which callers skip. A NaN probability gives NaN.
 */
public final class LovaszSoftmax {
  /**
   * Key bits the radix passes sort on, from the highest bit in which the keys of a class differ:
   * with errors over at most 64 binades, the exponent bits that vary and 22 or more mantissa bits.
   */
  private static final int SORTED_BITS = 28;

  private LovaszSoftmax() {}

  /**
   * Mean over present classes of the per-class Lovász loss; NaN if no class is present (every
   * pixel ignored) or a probability is NaN (callers skip images with no pixel left, and the
   * readers refuse NaN inputs).
   */
  public static double perImage(
      double[] probs, int numClasses, double[] labels, int n, int ignoreIndex, LovaszWorkspace ws) {
    long[] counts = countClasses(labels, n, ignoreIndex, numClasses, ws.classCounts(numClasses));
    double[] least = leastForegroundErrors(probs, labels, n, ignoreIndex, numClasses, ws.leastErrors(numClasses));
    double sum = 0.0;
    int present = 0;
    for (int c = 0; c < numClasses; c++) {
      if (counts[c] == 0) {
        continue;
      }
      // A background pixel with e below every foreground error of c comes after all of them in the
      // sorted order: there cumsum(t) = g, so J = 1 at it and before it, and its term is exactly 0.
      // Leaving such pixels out of the sort changes no term and no sum (a NaN bound leaves none out).
      sortClassKeys(probs, c, labels, n, ignoreIndex, least[c], ws);
      sum += LovaszGradient.dotSortedKeys(ws.keys, ws.sortedCount, counts[c], ws.errors, ws.weights);
      present++;
    }
    return present == 0 ? Double.NaN : sum / present;
  }

  /**
   * This image's positive errors of every class c (present in the image or not: presence is
   * decided over the whole dataset) as runs for the dataset-wide loss; element c belongs to class
   * c. The dataset's {@code g_c} is the number of pixels labelled c ({@link #classCounts}).
   */
  public static ErrorRuns[] errorRuns(
      double[] probs, int numClasses, double[] labels, int n, int ignoreIndex, LovaszWorkspace ws) {
    boolean[] all = new boolean[numClasses];
    Arrays.fill(all, true);
    return errorRuns(probs, numClasses, labels, n, ignoreIndex, ws, all, new double[numClasses]);
  }

  /**
   * As {@link #errorRuns(double[], int, double[], int, int, LovaszWorkspace)} for the classes c
   * with {@code classes[c]} (those present in the dataset's targets: the others do not count);
   * null for the others, which are not sorted. Class c's background pixels with an error below
   * {@code below[c]} are left out (0: none), as in {@link #perImage}: with the dataset's least
   * foreground error of c, their terms in the dataset-wide sweep are 0.
   */
  public static ErrorRuns[] errorRuns(double[] probs, int numClasses, double[] labels, int n, int ignoreIndex,
      LovaszWorkspace ws, boolean[] classes, double[] below) {
    ErrorRuns[] runs = new ErrorRuns[numClasses];
    for (int c = 0; c < numClasses; c++) {
      if (!classes[c]) {
        continue;
      }
      sortClassKeys(probs, c, labels, n, ignoreIndex, below[c], ws);
      runs[c] = ErrorRuns.fromSortedKeys(ws.keys, ws.sortedCount);
    }
    return runs;
  }

  /** Number of non-ignored pixels of each class, {@code [t = c]} summed. */
  public static long[] classCounts(double[] labels, int n, int ignoreIndex, int numClasses) {
    return countClasses(labels, n, ignoreIndex, numClasses, new long[numClasses]);
  }

  private static long[] countClasses(
      double[] labels, int n, int ignoreIndex, int numClasses, long[] counts) {
    for (int j = 0; j < n; j++) {
      double l = labels[j];
      if (isClass(l, ignoreIndex, numClasses)) {
        counts[(int) l]++;
      }
    }
    return counts;
  }

  /**
   * The least error {@code e = |1 − p_c|} of each class's foreground pixels into {@code least}
   * (+∞ for a class with none; NaN if one of them is NaN), computed as the key scan computes e.
   */
  private static double[] leastForegroundErrors(
      double[] probs, double[] labels, int n, int ignoreIndex, int numClasses, double[] least) {
    for (int j = 0; j < n; j++) {
      double l = labels[j];
      if (isClass(l, ignoreIndex, numClasses)) {
        int c = (int) l;
        least[c] = Math.min(least[c], Math.abs(1.0 - probs[c * n + j]));
      }
    }
    return least;
  }

  /** Whether label l is a class id in {@code [0, numClasses)} and not the ignore index. */
  private static boolean isClass(double l, int ignoreIndex, int numClasses) {
    return l != ignoreIndex && l >= 0 && l < numClasses && l == Math.rint(l);
  }

  /**
   * Leaves the keys (inverted 63-bit pattern of e, fg) of the errors {@code e = |fg − p_c| > 0}
   * (or NaN) of class c ascending, so e descending, in {@code ws.keys[0, ws.sortedCount)}, without
   * those of background pixels with {@code e < below} (0: none left out). Since
   * e >= 0, its raw bits order it; the keys are sorted as a whole by a radix sort of
   * {@value #SORTED_BITS} bits (from the highest bit in which they differ: the exponent bits that
   * vary and 22 or more mantissa bits; two passes of 14 bits from 16384 keys on, see
   * {@link RadixSort#digitBits}) and an ordinary sort of the few runs of keys those bits do not
   * tell apart.
   */
  static void sortClassKeys(
      double[] probs, int c, double[] labels, int n, int ignoreIndex, double below, LovaszWorkspace ws) {
    ws.ensure(n);
    long[] keys = ws.keys;
    int m = SoftmaxKeys.CHOSEN.collect(probs, c, labels, n, ignoreIndex, below, keys);
    RadixSort.sortByTopBits(keys, m, SORTED_BITS, ws.sort);
    ws.sortedCount = m;
  }

  /**
   * The error {@code e = bits⁻¹(Long.MAX_VALUE − (key >>> 1))} and fg {@code = key & 1} of
   * {@code keys[from, from + length)} into {@code errors[0, length)} and {@code targets[0, length)}.
   */
  static void unpack(long[] keys, int from, int length, double[] errors, double[] targets) {
    for (int k = 0; k < length; k++) {
      long key = keys[from + k];
      errors[k] = Double.longBitsToDouble(Long.MAX_VALUE - (key >>> 1));
      targets[k] = (double) (key & 1L);
    }
  }
}
