package io.segeval.core.multiclass;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Relative-error assertions for the multiclass tests. */
final class Close {
  private Close() {}

  /** |actual − expected| ≤ rel·|expected| (≤ 1e-15 absolute when expected is 0). */
  static void assertClose(double expected, double actual, double rel, String what) {
    double bound = expected == 0 ? 1e-15 : rel * Math.abs(expected);
    assertTrue(
        Math.abs(actual - expected) <= bound,
        () -> what + ": expected " + expected + ", got " + actual + " (rel. error "
            + Math.abs(actual - expected) / Math.abs(expected) + ")");
  }

  /** Both null, or both present and close. */
  static void assertCloseOrNull(Double expected, Double actual, double rel, String what) {
    if (expected == null) {
      assertNull(actual, what + " should be null");
    } else {
      assertNotNull(actual, what + " should not be null");
      assertClose(expected, actual, rel, what);
    }
  }
}
