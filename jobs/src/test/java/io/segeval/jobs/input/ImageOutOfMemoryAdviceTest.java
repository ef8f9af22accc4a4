package io.segeval.jobs.input;

import static io.segeval.testing.ReferenceData.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.output.Elements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap an out-of-memory line suggests is more than the heap that ran out, and the line calls a
 * volume's elements voxels, as the console does (the volumes are VolumesTest's, resources volumes/).
 */
class ImageOutOfMemoryAdviceTest {
  private static final long MIB = 1024 * 1024;
  private static final ImageSource FILES = ImageSource.files(new HadoopConf(new Configuration()),
      MaskCodecs.DEFAULT_MAX_PIXELS);
  private static final String PER_PIXEL = "(a binary image with the per-image Lovász takes about 50 bytes per pixel"
      + " in all: 6 GiB for a 120 Mpx tile)";
  private static final String PER_VOXEL = "(a binary image with the per-image Lovász takes about 50 bytes per voxel"
      + " in all: 6 GiB for a 120 Mpx tile)";

  @TempDir Path tmp;

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
    String message = ImageOutOfMemoryException.of(pair, new OutOfMemoryError("Java heap space"), 8192 * MIB,
        Elements.PIXELS).getMessage();
    assertTrue(message.contains("in a Java heap of 8,192 MiB"), message);
    assertTrue(message.contains("Give SegEval more heap (SEGEVAL_JAVA_OPTS=-Xmx16g; spark-submit"), message);
    assertTrue(message.contains(PER_PIXEL), message);
  }

  @Test
  void aVolumesTargetMakesItBytesPerVoxelFromTheTargetsHeader() throws IOException {
    assertAdvice(PER_VOXEL, withTarget(resource("volumes/bin/mask/v0.npy"))); // (4, 8, 9) uint8
    assertAdvice(PER_VOXEL, withTarget(resource("volumes/mc/mask/v0.npy")));
    assertAdvice(PER_VOXEL, withTarget(npy("batch_of_one.npy", 1, 4, 8, 9))); // (1, D, H, W)
    ImagePair cell = new ImagePair();
    cell.setImageId("row_8");
    cell.setRowSource("table row 8");
    cell.setTargetBytes(Files.readAllBytes(resource("volumes/bin/mask/v0.npy"))); // NPY bytes in a table cell
    assertAdvice(PER_VOXEL, cell);
  }

  @Test
  void anImagesTargetKeepsBytesPerPixel() throws IOException {
    assertAdvice(PER_PIXEL, withTarget(npy("image.npy", 8, 9)));
    assertAdvice(PER_PIXEL, withTarget(npy("channel_first.npy", 1, 8, 9))); // one (1, H, W) map
    Path png = Files.write(tmp.resolve("image.png"), PngMask.encodeGray8(3, 2, new byte[6]));
    assertAdvice(PER_PIXEL, withTarget(png));
    // a target that cannot be read again: the image's word
    assertAdvice(PER_PIXEL, withTarget(tmp.resolve("gone.npy")));
    ImagePair cell = new ImagePair(); // an array cell: an image of its height and width
    cell.setImageId("row_7");
    cell.setRowSource("table row 7");
    cell.setTargetValues(new double[] {0, 1, 1, 0});
    assertAdvice(PER_PIXEL, cell);
  }

  /** A uint8 NPY of zeros of {@code shape}, in the test's folder. */
  private Path npy(String name, int... shape) throws IOException {
    return Files.write(tmp.resolve(name), NpyTestWriter.encodeUint8(shape, new byte[Arrays.stream(shape).reduce(1, (a, b) -> a * b)]));
  }

  /** A pair whose target is the file {@code mask}. */
  private static ImagePair withTarget(Path mask) {
    ImagePair pair = new ImagePair();
    pair.setImageId("case");
    pair.setPredPath("file:/preds/case.npy");
    pair.setTargetPath(mask.toUri().toString());
    return pair;
  }

  /** The line of a task that ran out of heap on {@code pair} gives the bytes per element in {@code words}. */
  private static void assertAdvice(String words, ImagePair pair) {
    String line = assertThrows(ImageOutOfMemoryException.class, () -> ImageOutOfMemoryException.whileEvaluating(pair,
        FILES, () -> {
          throw new OutOfMemoryError("Java heap space");
        })).getMessage();
    assertTrue(line.contains(words), pair.getTargetPath() + ": " + line);
  }
}
