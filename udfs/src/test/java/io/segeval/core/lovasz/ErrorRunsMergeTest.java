package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ErrorRuns#merge} against the plain statement of what it does: every run of every list in
 * one sequence ordered by error (descending, NaN first), then by list, then by position, equal
 * errors folded into one run in that order. The same bits: errors, counts and the target weights,
 * soft ones too (their sums depend on the order of the additions, which the merge fixes: list
 * order). From 0 to 300 lists, of up to 40 runs, with errors drawn from a few values so that many
 * are equal across lists, NaN among them, and empty lists. And the runs made straight from the
 * Lovász-softmax's sorted keys ({@link ErrorRuns#fromSortedKeys}) against those of the unpacked keys,
 * and the queries the dataset-wide sample asks of an image's runs against a loop over them.
 */
class ErrorRunsMergeTest {
  private static final double[] VALUES = {Double.NaN, 3.5, 2.0, 1.0, 0.75, 0.5, 0.25, 1e-300, Double.MIN_VALUE};

  @Test
  void mergeTakesTheRunsInErrorOrderThenListOrder() {
    Random rnd = new Random(29);
    for (int k : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 33, 64, 100, 257, 300}) {
      for (int trial = 0; trial < 5; trial++) {
        List<ErrorRuns> lists = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          lists.add(randomRuns(rnd, trial % 2 == 0));
        }
        assertSame(reference(lists), ErrorRuns.merge(lists), k + " lists, trial " + trial);
      }
    }
  }

  @Test
  void oneListComesOutAsItWent() {
    ErrorRuns runs = ErrorRuns.fromSorted(new double[] {2, 2, 1, 0.5}, new double[] {1, 0, 0.3, 1}, 4);
    Expected expected = Expected.of(runs);
    assertSame(expected, ErrorRuns.merge(List.of(runs)), "one list");
    assertSame(expected, ErrorRuns.merge(List.of(ErrorRuns.EMPTY, runs, ErrorRuns.EMPTY)), "with empty lists");
    assertEquals(0, ErrorRuns.merge(List.of()).size());
  }

  @Test
  void runsOfSortedKeysAreTheRunsOfTheirErrors() {
    // the Lovász-softmax's keys (LovaszSoftmax.unpack) made into runs directly, as from the
    // unpacked errors and targets: ties, NaN, and errors of 0 at the end (left out)
    Random rnd = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = rnd.nextInt(60);
      long[] keys = new long[n];
      for (int j = 0; j < n; j++) {
        double e = rnd.nextInt(8) == 0 ? 0.0 : VALUES[rnd.nextInt(VALUES.length)];
        keys[j] = ((Long.MAX_VALUE - Double.doubleToLongBits(e)) << 1) | rnd.nextInt(2);
      }
      Long[] boxed = Arrays.stream(keys).boxed().toArray(Long[]::new);
      Arrays.sort(boxed, Long::compareUnsigned);
      for (int j = 0; j < n; j++) {
        keys[j] = boxed[j];
      }
      double[] errors = new double[n];
      double[] targets = new double[n];
      LovaszSoftmax.unpack(keys, 0, n, errors, targets);
      assertSame(Expected.of(ErrorRuns.fromSorted(errors, targets, n)), ErrorRuns.fromSortedKeys(keys, n),
          "trial " + trial);
    }
  }

  @Test
  void leastTargetErrorAndWholeTargetsAreThoseOfEveryRun() {
    Random rnd = new Random(8);
    for (int trial = 0; trial < 300; trial++) {
      ErrorRuns runs = randomRuns(rnd, trial % 3 == 0);
      double least = Double.POSITIVE_INFINITY;
      boolean whole = true;
      for (int i = 0; i < runs.size(); i++) {
        if (runs.positive(i) > 0) {
          least = Math.min(least, runs.error(i));
        }
        whole &= runs.positive(i) == Math.rint(runs.positive(i));
      }
      assertEquals(least, runs.leastTargetError(), "trial " + trial);
      assertEquals(whole, runs.wholeTargets(), "trial " + trial);
    }
  }

  /** A list of up to 40 pixels with errors from {@link #VALUES}, sorted, as runs (empty at times). */
  private static ErrorRuns randomRuns(Random rnd, boolean softTargets) {
    int n = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(40);
    Double[] errors = new Double[n];
    for (int j = 0; j < n; j++) {
      errors[j] = VALUES[rnd.nextInt(VALUES.length)];
    }
    Arrays.sort(errors, Comparator.reverseOrder()); // Double.compareTo: NaN greatest, so first
    double[] e = new double[n];
    double[] t = new double[n];
    for (int j = 0; j < n; j++) {
      e[j] = errors[j];
      t[j] = softTargets ? rnd.nextDouble() : rnd.nextInt(2);
    }
    return ErrorRuns.fromSorted(e, t, n);
  }

  /** Every run as (error, list, position), ordered, then folded: what merge must give. */
  private static Expected reference(List<ErrorRuns> lists) {
    List<int[]> order = new ArrayList<>();
    for (int l = 0; l < lists.size(); l++) {
      for (int i = 0; i < lists.get(l).size(); i++) {
        order.add(new int[] {l, i});
      }
    }
    Comparator<int[]> byErrorDescending = (a, b) ->
        Double.compare(lists.get(b[0]).error(b[1]), lists.get(a[0]).error(a[1]));
    order.sort(byErrorDescending.thenComparingInt((int[] r) -> r[0]).thenComparingInt(r -> r[1]));
    int n = order.size();
    double[] e = new double[n];
    double[] t = new double[n];
    long[] c = new long[n];
    int size = 0;
    for (int[] r : order) {
      ErrorRuns list = lists.get(r[0]);
      if (size > 0 && Double.compare(e[size - 1], list.error(r[1])) == 0) {
        t[size - 1] += list.positive(r[1]);
        c[size - 1] += list.count(r[1]);
      } else {
        e[size] = list.error(r[1]);
        t[size] = list.positive(r[1]);
        c[size] = list.count(r[1]);
        size++;
      }
    }
    return new Expected(Arrays.copyOf(e, size), Arrays.copyOf(t, size), Arrays.copyOf(c, size));
  }

  /** Runs as plain arrays. */
  private record Expected(double[] errors, double[] positives, long[] counts) {
    static Expected of(ErrorRuns runs) {
      int n = runs.size();
      double[] e = new double[n];
      double[] t = new double[n];
      long[] c = new long[n];
      for (int i = 0; i < n; i++) {
        e[i] = runs.error(i);
        t[i] = runs.positive(i);
        c[i] = runs.count(i);
      }
      return new Expected(e, t, c);
    }
  }

  private static void assertSame(Expected expected, ErrorRuns actual, String what) {
    assertEquals(expected.errors().length, actual.size(), what + ": runs");
    for (int i = 0; i < actual.size(); i++) {
      assertEquals(Double.doubleToLongBits(expected.errors()[i]), Double.doubleToLongBits(actual.error(i)),
          what + ": error of run " + i);
      assertEquals(expected.counts()[i], actual.count(i), what + ": count of run " + i);
      assertEquals(Double.doubleToLongBits(expected.positives()[i]), Double.doubleToLongBits(actual.positive(i)),
          what + ": target weight of run " + i);
    }
  }
}
