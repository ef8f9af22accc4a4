package io.segeval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.segeval.testing.MergePaths.serializedAndBack;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.testing.MergePaths;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NeumaierSum}: the exact sum (to 1e-14 relative) whatever the order, by every merge
 * path (one by one, halves, random parts in random order, serialized and back), where plain
 * summation loses the small terms; and NaN, never infinity, after a NaN, an infinity or an
 * overflow, as its class comment says.
 */
class NeumaierSumTest {
  private static final List<Double> TERMS = terms();

  /** Terms of many magnitudes, large ones cancelling: plain left-to-right summation is far off. */
  private static List<Double> terms() {
    Random rnd = new Random(2026);
    List<Double> t = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double big = Math.scalb(1.0, 40 + rnd.nextInt(20));
      t.add(big);
      t.add(rnd.nextDouble() * Math.scalb(1.0, -rnd.nextInt(30)));
      t.add(-big);
    }
    return t;
  }

  private static NeumaierSum sumOf(List<Double> terms) {
    NeumaierSum s = new NeumaierSum();
    terms.forEach(s::add);
    return s;
  }

  /** The exact sum of the terms, rounded once to double. */
  private static double exact(List<Double> terms) {
    BigDecimal s = BigDecimal.ZERO;
    for (double x : terms) {
      s = s.add(new BigDecimal(x));
    }
    return s.doubleValue();
  }

  /**
   * Within 1e-14 relative, a few ulps: compensated summation's error bound is 2u·|s| plus a term
   * in n·u²·Σ|x|, and here Σ|x| is many orders of magnitude above |s| (plain summation's bound is
   * n·u·Σ|x|: it loses most of the small terms).
   */
  private static void assertNearlyExact(double exact, double actual, String path) {
    assertTrue(Math.abs(actual - exact) <= 1e-14 * Math.abs(exact), path + ": " + actual + " vs exact " + exact);
  }

  @Test
  void classicCancellationIsExact() {
    // Kahan's summation gives 0 here; Neumaier's keeps both ones
    assertEquals(2.0, sumOf(List.of(1.0, 1e100, 1.0, -1e100)).value());
    assertEquals(0.0, new NeumaierSum().value());
  }

  @Test
  void oneByOneIsTheExactSumWherePlainSummationIsNot() {
    double exact = exact(TERMS);
    double plain = 0;
    for (double x : TERMS) {
      plain += x;
    }
    assertTrue(Math.abs(plain - exact) > 1e-6 * Math.abs(exact),
        "plain summation should lose the small terms: " + plain);
    assertNearlyExact(exact, sumOf(TERMS).value(), "one by one");
  }

  @Test
  void everyMergePathGivesTheExactSum() {
    double exact = exact(TERMS);
    int half = TERMS.size() / 2;
    NeumaierSum halves = sumOf(TERMS.subList(0, half));
    halves.add(sumOf(TERMS.subList(half, TERMS.size())));
    assertNearlyExact(exact, halves.value(), "halves");
    NeumaierSum otherWay = sumOf(TERMS.subList(half, TERMS.size()));
    otherWay.add(sumOf(TERMS.subList(0, half)));
    assertNearlyExact(exact, otherWay.value(), "halves the other way");

    Random rnd = new Random(8);
    for (int trial = 0; trial < 20; trial++) {
      NeumaierSum merged = new NeumaierSum();
      List<List<Double>> parts = MergePaths.randomParts(TERMS, rnd);
      for (List<Double> part : parts) {
        merged.add(sumOf(part));
      }
      assertNearlyExact(exact, merged.value(), "trial " + trial + ", " + parts.size() + " parts");
    }

    NeumaierSum serialized = serializedAndBack(sumOf(TERMS.subList(0, half)));
    serialized.add(serializedAndBack(sumOf(TERMS.subList(half, TERMS.size()))));
    assertNearlyExact(exact, serialized.value(), "serialized halves");
  }

  @Test
  void aNanAnInfinityOrAnOverflowGivesNanNeverInfinity() {
    assertTrue(Double.isNaN(sumOf(List.of(1.0, Double.NaN, 2.0)).value()));
    assertTrue(Double.isNaN(sumOf(List.of(1.0, Double.POSITIVE_INFINITY)).value()));
    assertTrue(Double.isNaN(sumOf(List.of(Double.NEGATIVE_INFINITY)).value()));
    assertTrue(Double.isNaN(sumOf(List.of(1e308, 1e308)).value()));
    assertTrue(Double.isNaN(sumOf(List.of(-1e308, -1e308)).value()));
    NeumaierSum merged = sumOf(List.of(1e308));
    merged.add(sumOf(List.of(1e308)));
    assertTrue(Double.isNaN(merged.value()), "an overflow in a merge too");
    assertEquals(Double.MAX_VALUE, sumOf(List.of(Double.MAX_VALUE / 2, Double.MAX_VALUE / 2)).value());
  }
}
