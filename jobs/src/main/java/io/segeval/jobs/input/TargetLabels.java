package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.PixelGrid;
import io.segeval.core.ValueText;
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
 * @param numClasses C: with {@code reduceZero} the stored classes are 1..C
 */
public record TargetLabels(boolean reduceZero, int ignoreIndex, int numClasses) implements Serializable {
  public static final TargetLabels AS_STORED = new TargetLabels(false, 0, 0);

  public static TargetLabels reducingZero(int ignoreIndex, int numClasses) {
    return new TargetLabels(true, ignoreIndex, numClasses);
  }

  /**
   * Maps the first {@code n} values in place; {@code grid} places a refused value. A reduced
   * value that is no class is refused here, as stored: after the shift the message would name
   * k − 1, a value the file does not hold (151 read as "150 is not a class id in [0, 150)").
   */
  void apply(double[] targets, int n, PixelGrid grid) {
    if (!reduceZero) {
      return;
    }
    // t' = ignore if t = 0;  t if t = ignore;  t − 1 if t in 1..C;  anything else is a bad record
    for (int j = 0; j < n; j++) {
      double t = targets[j];
      if (t == 0) {
        targets[j] = ignoreIndex;
      } else if (t >= 1 && t <= numClasses && t == Math.rint(t)) {
        targets[j] = t - 1;
      } else if (t != ignoreIndex) {
        // C and the ignore index are the run's, the same for every record: they stay in the class
        throw BadRecordException.inTarget(Reason.of("target value {} at {} is not a class with --reduce-zero-label:"
            + " 1 … " + numClasses + " are the classes 0 … " + (numClasses - 1) + ", 0 (unlabeled) and the ignore index "
            + ignoreIndex + " are ignored", ValueText.of(t), grid.at(j)));
      }
    }
  }
}
