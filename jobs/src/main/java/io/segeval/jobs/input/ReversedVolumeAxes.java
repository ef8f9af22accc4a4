package io.segeval.jobs.input;

import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;

/**
 * What a refused volume whose prediction holds the target's axes in reverse order is told
 * ({@link NdArray#isReversedVolumeOf}): one NIfTI read by nibabel, (x, y, z), and by SimpleITK,
 * (z, y, x), is the same volume transposed. Shared by evaluate (binary, multiclass) and pack.
 */
public final class ReversedVolumeAxes {
  private static final String VOLUME = "; its axes are the target's in reverse order ((W, H, D) against (D, H, W)),"
      + " as nibabel and SimpleITK read one NIfTI: transpose one side (np.transpose(volume))";
  private static final String SCORES = "; its volume axes are the target's in reverse order ((C, W, H, D) against"
      + " (D, H, W)), as nibabel and SimpleITK read one NIfTI: transpose one side (np.transpose(scores, (0, 3, 2, 1))"
      + " or np.transpose(target))";

  private ReversedVolumeAxes() {}

  /** {@code why}, followed by the hint when {@code pred} holds the axes of the volume {@code dhw} reversed. */
  public static Reason withHint(Reason why, NdArray pred, int[] dhw) {
    if (!pred.isReversedVolumeOf(dhw)) {
      return why;
    }
    return why.then(pred.rank() == 4 ? SCORES : VOLUME);
  }
}
