package io.segeval.core;

/**
 * Checks of sums read back from a stored state (the SQL state functions, per-image rows): bounds
 * that hold term by term for any pass, such as Σ p·t <= Σ p for p, t in [0, 1].
 */
public final class StoredSums {
  /**
   * Relative slack of a bound between two sums computed apart: each is a compensated sum of block
   * sums of at most 4096 terms, so two sums of the same terms differ by ~4096 ulp (1e-12) at most.
   */
  static final double SLACK = 1e-9;

  private StoredSums() {}

  /** Refuses {@code value > bound} (beyond the rounding slack), naming both. */
  public static void requireAtMost(String name, double value, String boundName, double bound) {
    if (value > bound * (1 + SLACK)) {
      throw new RefusedArgumentException(name + " is " + value + ", above " + boundName + " (" + bound
          + "): no pass can give that");
    }
  }
}
