package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The heap an out-of-memory line suggests is more than the heap that ran out. */
class ImageOutOfMemoryAdviceTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void suggestsTwiceTheHeapThatRanOutAtLeastEightGib() {
    assertEquals(8, ImageOutOfMemoryException.suggestedHeapGib(1024 * MIB));
    assertEquals(12, ImageOutOfMemoryException.suggestedHeapGib(6028 * MIB)); // JVM default on a 24 GB machine
    assertEquals(16, ImageOutOfMemoryException.suggestedHeapGib(8192 * MIB));
    assertEquals(40, ImageOutOfMemoryException.suggestedHeapGib(20_000 * MIB)); // 2 × 19.53 GiB = 39.06, rounded up
  }

  @Test
  void aRunWithEightGibIsNotToldToUseEightGib() {
    ImagePair pair = new ImagePair();
    pair.setImageId("s2_tile");
    pair.setPredPath("file:/tiles/s2_tile.npy");
    String message = ImageOutOfMemoryException.of(pair, new OutOfMemoryError("Java heap space"), 8192 * MIB).getMessage();
    assertTrue(message.contains("in a Java heap of 8,192 MiB"), message);
    assertTrue(message.contains("Give SegEval more heap (SEGEVAL_JAVA_OPTS=-Xmx16g; spark-submit"), message);
    assertTrue(message.contains("(a binary image with the per-image Lovász takes about 50 bytes per pixel in all: 6 GiB"
        + " for a 120 Mpx tile)"), message);
  }
}
