package io.segeval.core;

import java.io.Serializable;

/**
 * A running sum of doubles with Neumaier's compensated summation: the rounding error of every
 * addition is kept in a second double and added back at the end, so the result is as if the
 * sum were carried in about twice the precision, whatever the order and the number of terms.
 *
 * <p>NaN or an infinity added to the sum makes {@link #value()} NaN or infinite, as plain
 * summation would; SegEval's readers reject non-finite inputs before they get here.
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

  public void add(double x) {
    double t = sum + x;
    compensation += roundingError(sum, x, t);
    sum = t;
  }

  public void add(NeumaierSum other) {
    add(other.sum);
    add(other.compensation);
  }

  public double value() {
    return sum + compensation;
  }

  @Override
  public String toString() {
    return Double.toString(value());
  }
}
