package io.segeval.jobs.input;

import io.segeval.jobs.output.Elements;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A task that ran out of Java heap while decoding or evaluating one image (a 2 Mpx image of 19
 * channels is 304 MiB of doubles, twice that with the per-image Lovász, and every core runs such a
 * task at once). Thrown in place of the {@link OutOfMemoryError}, which Spark treats as fatal and
 * answers by ending the JVM (exit 52, stack traces): this one fails the task like any other
 * failure, so the run ends with one line that names the image, the heap and what to change. Not a
 * bad record: never skipped, since the image is not at fault.
 */
public final class ImageOutOfMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private static final long MIB = 1024 * 1024;
  /** The smallest heap the message suggests, in GiB. */
  private static final long SUGGESTED_MIN_GIB = 8;

  private ImageOutOfMemoryException(String message) {
    super(message);
  }

  /**
   * {@code work} on {@code pair} (decoding and evaluating it), its {@link OutOfMemoryError} rethrown
   * as this exception; {@code source}: where the pair's target is, to tell a volume's voxels
   * ({@link TargetElements}).
   */
  public static <T> T whileEvaluating(ImagePair pair, ImageSource source, Supplier<T> work) {
    try {
      return work.get();
    } catch (OutOfMemoryError e) {
      throw of(pair, e, Runtime.getRuntime().maxMemory(), TargetElements.of(pair, source));
    }
  }

  /**
   * {@code e}, thrown while {@code pair} was decoded or evaluated in a heap of {@code maxHeapBytes};
   * {@code elements}: what the console calls the pair's (its bytes per voxel, for a volume).
   */
  public static ImageOutOfMemoryException of(ImagePair pair, OutOfMemoryError e, long maxHeapBytes,
      Elements elements) {
    return new ImageOutOfMemoryException("image '" + pair.getImageId() + "' (" + pair.getPredPath() + "): out of memory ("
        + e.getMessage() + ") in a Java heap of " + String.format(Locale.ROOT, "%,d", maxHeapBytes / MIB) + " MiB: each running task"
        + " holds one image's values as doubles, 8 bytes per value (C·H·W for scores: 19·1024·2048 is 304 MiB),"
        + " plus its file (a binary image with the per-image Lovász takes about 50 bytes per " + elements.singular()
        + " in all: 6 GiB for a 120 Mpx tile); and every core runs a task at once. Give SegEval more heap"
        + " (SEGEVAL_JAVA_OPTS=-Xmx" + suggestedHeapGib(maxHeapBytes) + "g; spark-submit: --driver-memory with a local"
        + " master, else --executor-memory)"
        + " or run fewer tasks at once (--master local[N] with N under the cores in use; on a cluster fewer"
        + " --executor-cores)");
  }

  /**
   * The heap to suggest: twice the one that ran out, rounded up to whole GiB, at least
   * {@value #SUGGESTED_MIN_GIB} GiB; a fixed 8g would be no advice to a run that already had 8 GiB
   * (one task on a 120 Mpx satellite tile peaks at about 5 GB of heap).
   */
  static long suggestedHeapGib(long maxHeapBytes) {
    long gib = 1024 * MIB;
    return Math.max(SUGGESTED_MIN_GIB, (2 * maxHeapBytes + gib - 1) / gib);
  }
}
