package io.segeval.core;

import java.io.Serializable;

/**
 * A running sum of doubles with Neumaier's compensated summation: the rounding error of every
 * addition is kept in a second double and added back at the end, so the result is as if the
 * sum were carried in about twice the precision, whatever the order and the number of terms.
 *
 * <p>NaN and infinities: {@link #value()} is NaN, never infinite, once a NaN or an infinity has
 * been added, or once finite terms have added up past the double range (about 1.8e308): the
 * running sum is then ±∞ and its correction term ∞ − ∞ = NaN (plain summation would give ±∞
 * there). SegEval's readers reject non-finite inputs before they get here.
 */
public final class NeumaierSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private double sum;
  private double compensation;

  public NeumaierSum() {}

  /**
   * The rounding error of {@code sum = a + b} (the double nearest to a + b), that is {@code (a + b)
   * − sum} exactly: Neumaier's correction term. The one implementation of this step; the
   * compensated sums kept in primitives ({@code CompensatedArrays}, the cross-entropy sums of
   * the multiclass state) add it to their compensation as this class does.
   */
  public static double roundingError(double a, double b, double sum) {
    // The lost low-order part is whichever operand is smaller in magnitude minus what survived.
    return Math.abs(a) >= Math.abs(b) ? (a - sum) + b : (b - sum) + a;
  }

  /** Adds x: {@code t = sum + x}, {@code compensation += (sum + x) − t} ({@link #roundingError}), {@code sum = t}. */
  public void add(double x) {
    double t = sum + x;
    compensation += roundingError(sum, x, t);
    sum = t;
  }

  /** Adds another sum's value: its running sum, then its compensation, each as a compensated term. */
  public void add(NeumaierSum other) {
    add(other.sum);
    add(other.compensation);
  }

  /** {@code sum + compensation}: the terms' sum; NaN after a NaN, an infinity or an overflow (class comment). */
  public double value() {
    return sum + compensation;
  }

  @Override
  public String toString() {
    return Double.toString(value());
  }
}
