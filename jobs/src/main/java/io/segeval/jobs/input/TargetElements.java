package io.segeval.jobs.input;

import io.segeval.codec.NdArray;
import io.segeval.codec.Npy;
import io.segeval.codec.NpyHeader;
import io.segeval.jobs.output.Elements;
import java.io.IOException;
import java.util.Arrays;

/**
 * What a message about one image calls its elements, in the console's words ({@link Elements}):
 * voxels when its target is a 3-D volume ({@link ImageDecoder#volumeShape}), told here from the
 * target's NPY header alone, for a task that ran out of heap before or while decoding it; pixels
 * for any other target (a PNG, an array cell), and for one whose header cannot be read again.
 */
final class TargetElements {
  /** Enough for an NPY header: numpy pads it to a multiple of 64 bytes, 128 for any shape SegEval reads. */
  private static final int HEADER_BYTES = 4096;

  private TargetElements() {}

  static Elements of(ImagePair pair, ImageSource source) {
    try {
      byte[] head = head(pair, source);
      return head != null && NdArray.isVolumeShape(shape(Npy.readHeader(head))) ? Elements.VOXELS : Elements.PIXELS;
    } catch (IOException | RuntimeException e) {
      // no NPY (a PNG), or one that cannot be read again: a word of advice, the task's own failure is the news
      return Elements.PIXELS;
    }
  }

  /** The target's bytes, or its file's first ones; null for an array cell (an image, never a volume). */
  private static byte[] head(ImagePair pair, ImageSource source) throws IOException {
    if (pair.getTargetBytes() != null) {
      return pair.getTargetBytes();
    }
    if (pair.fromTable() || pair.getTargetPath() == null) {
      return null;
    }
    return new ImageFiles(source.hadoopConf(), source.maxPixels()).head(pair.getTargetPath(), HEADER_BYTES);
  }

  /** The header's shape as a decoded array's: a dimension beyond an int (never decoded) at the largest int. */
  private static int[] shape(NpyHeader header) {
    return Arrays.stream(header.shape()).mapToInt(d -> (int) Math.min(d, Integer.MAX_VALUE)).toArray();
  }
}
