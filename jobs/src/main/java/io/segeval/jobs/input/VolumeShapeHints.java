package io.segeval.jobs.input;

import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;

/**
 * What a refused volume is told when its shape shows how it was saved wrong. Shared by evaluate
 * (binary, multiclass) and pack.
 * <ul>
 *   <li>The prediction holds the target's axes in reverse order ({@link NdArray#isReversedVolumeOf}):
 *       one NIfTI read by nibabel, (x, y, z), and by SimpleITK, (z, y, x), is the same volume transposed.
 *   <li>A 4-D array whose last axis is 1, (D, H, W, 1): one channel saved last (Keras); only leading
 *       axes of length 1 are dropped from a volume ({@link NdArray#withoutBatchAxes}).
 * </ul>
 */
public final class VolumeShapeHints {
  private static final String REVERSED_VOLUME = "; its axes are the target's in reverse order ((W, H, D) against"
      + " (D, H, W)), as nibabel and SimpleITK read one NIfTI: transpose one side (np.transpose(volume))";
  private static final String REVERSED_SCORES = "; its volume axes are the target's in reverse order ((C, W, H, D)"
      + " against (D, H, W)), as nibabel and SimpleITK read one NIfTI: transpose one side (np.transpose(scores,"
      + " (0, 3, 2, 1)) or np.transpose(target))";
  private static final String TRAILING_ONE = "; a last axis of length 1 is not dropped from a volume (only leading"
      + " ones are): save it as (D, H, W), a[..., 0]";

  private VolumeShapeHints() {}

  /**
   * {@code why}, followed by the hint that fits the prediction {@code pred} of the volume
   * {@code dhw}: its axes reversed, or its last axis of length 1; else {@code why}.
   */
  public static Reason withHint(Reason why, NdArray pred, int[] dhw) {
    if (pred.isReversedVolumeOf(dhw)) {
      return why.then(pred.rank() == 4 ? REVERSED_SCORES : REVERSED_VOLUME);
    }
    return withTrailingOneHint(why, pred);
  }

  /** {@code why}, followed by the hint on a (D, H, W, 1) array when {@code a} is one. */
  public static Reason withTrailingOneHint(Reason why, NdArray a) {
    int[] s = a.shape();
    return s.length == 4 && s[3] == 1 ? why.then(TRAILING_ONE) : why;
  }
}
