package io.segeval.spark;

import java.io.Serializable;

/**
 * The input row of the three-argument multiclass aggregates ({@code seg_multiclass_metrics(pred,
 * target, num_classes)}, {@code seg_multiclass_state}): one image's prediction as a flattened
 * C·H·W channel-major array ({@code pred[c*n + j]}, logits unless the options of
 * {@link MulticlassPixelsWithOptions} say otherwise), its target as H·W class ids (n = H·W), and C.
 *
 * <p>{@code functions.udaf} binds the SQL arguments BY POSITION to the bean encoder's fields,
 * which are in alphabetical order. The third argument is therefore the property
 * {@code totalClasses} (not {@code numClasses}), so that the order is {@code pred, target,
 * totalClasses}: the order of the SQL arguments. A test feeds asymmetric data to prove it.
 */
public class MulticlassPixels implements Serializable {
  private static final long serialVersionUID = 1L;

  private double[] pred;
  private double[] target;
  private Long totalClasses;

  public MulticlassPixels() {}

  public MulticlassPixels(double[] pred, double[] target, int numClasses) {
    this.pred = pred;
    this.target = target;
    this.totalClasses = (long) numClasses;
  }

  public double[] getPred() { return pred; }

  public void setPred(double[] pred) { this.pred = pred; }

  public double[] getTarget() { return target; }

  public void setTarget(double[] target) { this.target = target; }

  /**
   * The SQL {@code num_classes} argument, C: a long, so that a column of any integer type binds
   * without Spark's cast to int (CAST_OVERFLOW beyond int) and a C out of range is refused in
   * SegEval's words whatever its size.
   */
  public Long getTotalClasses() { return totalClasses; }

  public void setTotalClasses(Long totalClasses) { this.totalClasses = totalClasses; }
}
