package io.segeval.core.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.core.InputKind;
import io.segeval.testing.MergePaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Merge laws, Guava StatsAccumulatorTest style: the same pixels built by every path (one pass,
 * per image merged, random splits in random order, through serialization) give the same state.
 */
class BinaryCountsLawsTest {
  private static final BinaryParams PARAMS = BinaryParams.DEFAULTS.with("focal_gamma", 2.5);
  private static final int IMAGES = 12;

  private final List<double[]> preds = new ArrayList<>();
  private final List<double[]> targets = new ArrayList<>();

  BinaryCountsLawsTest() {
    Random rnd = new Random(7);
    for (int i = 0; i < IMAGES; i++) {
      int n = 1 + rnd.nextInt(5000);
      double[] x = new double[n];
      double[] t = new double[n];
      for (int j = 0; j < n; j++) {
        x[j] = (float) (rnd.nextGaussian() * 4);
        t[j] = i % 3 == 0 ? rnd.nextDouble() : rnd.nextInt(2); // some images with soft targets
      }
      preds.add(x);
      targets.add(t);
    }
  }

  private BinaryCounts image(int i) {
    BinaryCounts c = new BinaryCounts(PARAMS);
    c.update(preds.get(i), targets.get(i), preds.get(i).length, 100, InputKind.LOGITS);
    return c;
  }

  private BinaryCounts allAtOnce() {
    double[] x = MergePaths.concat(preds);
    int n = x.length;
    BinaryCounts c = new BinaryCounts(PARAMS);
    c.update(x, MergePaths.concat(targets), n, n, InputKind.LOGITS);
    return c;
  }

  static void assertSameState(BinaryCounts a, BinaryCounts b, double relTol) {
    assertEquals(a.pixels(), b.pixels());
    assertEquals(a.tp(), b.tp());
    assertEquals(a.fp(), b.fp());
    assertEquals(a.fn(), b.fn());
    assertEquals(a.tn(), b.tn());
    double[] x = {a.intersection(), a.predSum(), a.targetSum(), a.bceSum(), a.focalSum(), a.wceSum()};
    double[] y = {b.intersection(), b.predSum(), b.targetSum(), b.bceSum(), b.focalSum(), b.wceSum()};
    for (int k = 0; k < x.length; k++) {
      assertTrue(Math.abs(x[k] - y[k]) <= relTol * Math.abs(x[k]), "sum " + k + ": " + x[k] + " vs " + y[k]);
    }
  }

  @Test
  void emptyStateIsTheIdentity() {
    BinaryCounts a = image(1);
    assertSameState(a, a.copy().merge(new BinaryCounts(PARAMS)), 0.0);
    assertSameState(a, new BinaryCounts(PARAMS).merge(a), 0.0);
  }

  @Test
  void mergeIsCommutativeAndAssociative() {
    BinaryCounts a = image(0);
    BinaryCounts b = image(1);
    BinaryCounts c = image(2);
    assertSameState(a.copy().merge(b), b.copy().merge(a), 1e-15);
    assertSameState(a.copy().merge(b).merge(c), a.copy().merge(b.copy().merge(c)), 1e-15);
  }

  @Test
  void onePassEqualsImagesMergedInAnyOrderAndSplit() {
    BinaryCounts onePass = allAtOnce();
    Random rnd = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < IMAGES; i++) {
        order.add(i);
      }
      Collections.shuffle(order, rnd);
      int cut = rnd.nextInt(IMAGES + 1);
      BinaryCounts left = new BinaryCounts(PARAMS);
      BinaryCounts right = new BinaryCounts(PARAMS);
      for (int k = 0; k < IMAGES; k++) {
        (k < cut ? left : right).merge(image(order.get(k)));
      }
      assertSameState(onePass, rnd.nextBoolean() ? left.merge(right) : right.merge(left), 1e-12);
    }
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    BinaryCounts a = image(3);
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertSameState(a, (BinaryCounts) in.readObject(), 0.0);
    }
  }

  @Test
  void statesWithDifferentParametersDoNotMerge() {
    BinaryCounts other = new BinaryCounts(BinaryParams.DEFAULTS);
    assertThrows(IllegalArgumentException.class, () -> image(0).merge(other));
  }

  @Test
  void stateReadBackFromItsTotalsEqualsTheState() {
    BinaryCounts a = image(4);
    BinaryCounts b = BinaryCounts.of(PARAMS, a.pixels(), a.intersection(), a.predSum(), a.targetSum(),
        a.bceSum(), a.focalSum(), a.wceSum(), a.tp(), a.fp(), a.fn(), a.tn());
    assertSameState(a, b, 0.0);
  }
}
