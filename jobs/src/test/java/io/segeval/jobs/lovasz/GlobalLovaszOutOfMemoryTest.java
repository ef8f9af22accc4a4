package io.segeval.jobs.lovasz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The dataset-wide Lovász stage reads every image again: a task out of heap there is the same one
 * line naming the image and the fix as in the per-image stage, not Spark's fatal exit 52.
 */
class GlobalLovaszOutOfMemoryTest {
  @Test
  void outOfHeapWhileReadingAnImageAgainNamesItAndTheFix() {
    ImagePair pair = new ImagePair();
    pair.setImageId("frankfurt/frame_42");
    pair.setPredPath("file:/preds/frankfurt/frame_42.npy");
    GlobalLovasz.ImageRunsReader reader = (p, below) -> {
      throw new OutOfMemoryError("Java heap space");
    };
    ImageOutOfMemoryException e = assertThrows(ImageOutOfMemoryException.class, () -> ReadAsBefore.runs(
        reader, new ImageSource(null, 10, null), new Tuple2<>(pair, PerImageOutcome.evaluated("frankfurt/frame_42", null, 4)),
        new double[1]));
    assertTrue(e.getMessage().startsWith("image 'frankfurt/frame_42' (file:/preds/frankfurt/frame_42.npy): out of"
        + " memory (Java heap space) in a Java heap of "), e.getMessage());
    assertTrue(e.getMessage().contains("Give SegEval more heap (SEGEVAL_JAVA_OPTS=-Xmx8g"), e.getMessage());
  }
}
