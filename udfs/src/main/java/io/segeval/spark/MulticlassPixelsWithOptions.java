package io.segeval.spark;

/**
 * {@link MulticlassPixels} plus an option string ({@link MulticlassOptions}), the fourth SQL
 * argument. The property is called {@code tuning} so that the alphabetical field order that
 * {@code functions.udaf} binds by position is {@code pred, target, totalClasses, tuning}: the order
 * of the SQL arguments.
 */
public class MulticlassPixelsWithOptions extends MulticlassPixels {
  private static final long serialVersionUID = 1L;

  private String tuning;

  public MulticlassPixelsWithOptions() {}

  public String getTuning() { return tuning; }

  public void setTuning(String tuning) { this.tuning = tuning; }
}
