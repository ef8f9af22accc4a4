package io.segeval.spark;

import java.io.Serializable;

/**
 * The input row of the array-based binary aggregates: one image's prediction and target as
 * flattened arrays of equal length.
 *
 * <p>Beware when adding properties: {@code functions.udaf} binds the SQL arguments BY POSITION to
 * the bean encoder's fields, which are in alphabetical order. {@code pred < target}, so
 * {@code f(pred, target)} binds as written; a test feeds asymmetric data to prove it.
 */
public class BinaryPixels implements Serializable {
  private static final long serialVersionUID = 1L;

  private double[] pred;
  private double[] target;

  public BinaryPixels() {}

  public BinaryPixels(double[] pred, double[] target) {
    this.pred = pred;
    this.target = target;
  }

  public double[] getPred() { return pred; }

  public void setPred(double[] pred) { this.pred = pred; }

  public double[] getTarget() { return target; }

  public void setTarget(double[] target) { this.target = target; }
}
