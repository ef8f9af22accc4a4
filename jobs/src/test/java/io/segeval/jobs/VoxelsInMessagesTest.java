package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messages about a dataset's elements call them as the console does ({@link VoxelsOnTheConsoleTest}):
 * voxels for 3-D volumes, pixels for 2-D images. Here a gate whose value is null because every
 * target element is the ignore index (multiclass, 3 classes); the out-of-heap advice's bytes per
 * voxel are ImageOutOfMemoryAdviceTest's (no small volume runs a task out of heap).
 */
class VoxelsInMessagesTest {
  @TempDir Path tmp;

  @Test
  void aGateMissedForWantOfCountedVoxelsSaysVoxels() throws IOException {
    // one (2, 3, 4) volume: 24 voxels, every one 255
    CliRun run = missesMiou(new int[] {2, 3, 4});
    assertTrue(run.err().lines().anyMatch(("segeval: quality gate failed: miou is null (undefined: 0 voxels counted,"
        + " as every target voxel was ignored), so it cannot pass --fail-under miou=0.5")::equals), run.err());
  }

  @Test
  void aGateMissedForWantOfCountedPixelsOfImagesSaysPixelsAsBefore() throws IOException {
    CliRun run = missesMiou(new int[] {3, 4});
    assertTrue(run.err().lines().anyMatch(("segeval: quality gate failed: miou is null (undefined: 0 pixels counted,"
        + " as every target pixel was ignored), so it cannot pass --fail-under miou=0.5")::equals), run.err());
  }

  /** One case of {@code shape} whose target is all the ignore index, its 3 score maps zero: exit 3. */
  private CliRun missesMiou(int[] shape) throws IOException {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    int[] scores = new int[shape.length + 1];
    scores[0] = 3;
    System.arraycopy(shape, 0, scores, 1, shape.length);
    byte[] ignored = new byte[n];
    Arrays.fill(ignored, (byte) 255);
    Files.createDirectories(tmp.resolve("pred"));
    Files.createDirectories(tmp.resolve("mask"));
    Files.write(tmp.resolve("pred/case.npy"), NpyWriter.encodeFloat32(scores, new float[3 * n]));
    Files.write(tmp.resolve("mask/case.npy"), NpyTestWriter.encodeUint8(shape, ignored));
    CliRun run = CliRun.of("evaluate", "--task", "multiclass", "--num-classes", "3", "--pred",
        tmp.resolve("pred").toString(), "--target", tmp.resolve("mask").toString(), "--output",
        tmp.resolve("out").toString(), "--fail-under", "miou=0.5");
    assertEquals(3, run.exitCode(), run.err());
    return run;
  }
}
