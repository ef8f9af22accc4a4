package io.segeval.jobs.input;

import java.io.Serializable;

/**
 * How stored multiclass target values become class ids, applied right after a target is decoded
 * (files and table cells alike; the per-image stage and the dataset-wide Lovász read the same).
 *
 * <p>{@link #AS_STORED}: a value is its class id. {@link #reducingZero}: mmsegmentation's
 * {@code reduce_zero_label}, for annotations whose 0 means "unlabeled" and whose classes are
 * 1..C (ADE20K): 0 becomes the ignore index, the ignore index stays, any other k becomes k − 1.
 *
 * @param reduceZero whether 0 is reduced as above
 * @param ignoreIndex the run's ignore index, which 0 becomes
 */
public record TargetLabels(boolean reduceZero, int ignoreIndex) implements Serializable {
  public static final TargetLabels AS_STORED = new TargetLabels(false, 0);

  public static TargetLabels reducingZero(int ignoreIndex) {
    return new TargetLabels(true, ignoreIndex);
  }

  /** Maps the first {@code n} values in place. */
  void apply(double[] targets, int n) {
    if (!reduceZero) {
      return;
    }
    // t' = ignore if t = 0;  t if t = ignore;  t − 1 otherwise
    for (int j = 0; j < n; j++) {
      double t = targets[j];
      targets[j] = t == 0 ? ignoreIndex : t == ignoreIndex ? t : t - 1;
    }
  }
}
