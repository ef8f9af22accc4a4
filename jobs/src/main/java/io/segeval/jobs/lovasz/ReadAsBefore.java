package io.segeval.jobs.lovasz;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.ImageSource;
import scala.Tuple2;

/**
 * The dataset-wide Lovász sort reads the images the per-image stage evaluated again, and each must
 * read as it did there: its targets are in g.
 */
final class ReadAsBefore {
  private ReadAsBefore() {}

  /**
   * The image's runs, or null for an image the per-image stage rejected (it reported it, or the
   * run stopped there). Every other image was evaluated there, its targets are in g, and it must
   * read the same again: one that cannot be read, or reads with another pixel count, changed during
   * the run (or its storage failed), and stops the run, whatever {@code --on-bad-record} says.
   * Leaving it out would sort other pixels than g counts, and give a wrong loss without a word.
   * {@code source}: where the images are, for the out-of-heap advice ({@link ImageOutOfMemoryException});
   * {@code below}: as {@link GlobalLovasz.ImageRunsReader#read}.
   */
  static ErrorRuns[] runs(GlobalLovasz.ImageRunsReader reader, ImageSource source,
      Tuple2<ImagePair, PerImageOutcome> image, double[] below) {
    ImagePair pair = image._1();
    PerImageOutcome outcome = image._2();
    if (outcome.rejected()) {
      return null;
    }
    GlobalLovasz.ImageRuns runs;
    try {
      // out of heap: one line naming the image and the fix, not Spark's fatal exit 52
      runs = ImageOutOfMemoryException.whileEvaluating(pair, source, () -> reader.read(pair, below));
    } catch (BadRecordException e) {
      throw new ImageRecordException(pair.getImageId(), ImageRecordException.fileOf(pair, e), Reason.of("the per-image stage evaluated it,"
          + " but the dataset-wide Lovász sort cannot read it again: {}", e.why()));
    }
    if (runs.pixels() != outcome.pixels()) {
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(), Reason.of("changed during the run: the"
          + " per-image stage read {} pixels, the dataset-wide Lovász sort {}", outcome.pixels(), runs.pixels()));
    }
    return runs.series();
  }
}
