package io.segeval.spark;

/**
 * {@link BinaryPixels} plus an option string such as {@code "tversky_alpha=0.3,input=probabilities"}
 * (the third SQL argument). The property is called {@code tuning} so that the alphabetical field
 * order that {@code functions.udaf} binds by position is {@code pred, target, tuning}: the order
 * of the SQL arguments.
 */
public class BinaryPixelsWithOptions extends BinaryPixels {
  private static final long serialVersionUID = 1L;

  private String tuning;

  public BinaryPixelsWithOptions() {}

  public String getTuning() { return tuning; }

  public void setTuning(String tuning) { this.tuning = tuning; }
}
