package io.segeval.jobs;

import static io.segeval.testing.ReferenceData.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console calls a dataset of 3-D volumes' elements voxels (header, dataset section, per-class
 * column), one of both pixels and voxels; summary.json keeps its key {@code pixels} (spec §6).
 * The volumes are VolumesTest's (resources volumes/), 3 of 4×8×9.
 */
class VoxelsOnTheConsoleTest {
  @TempDir Path tmp;

  @Test
  void binaryVolumesAreCountedInVoxels() {
    CliRun run = evaluate(resource("volumes/bin"), "bin");
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.contains("SegEval " + SegEvalVersion.VERSION + ": binary task, logits input, 3 images, 864 voxels"),
        run.out());
    assertTrue(lines.contains("  dataset (all voxels together)"), run.out());
    assertEquals(864, CliRun.summary(tmp.resolve("bin")).get("pixels").asLong(), "the JSON key stays pixels");
  }

  @Test
  void multiclassVolumesHaveTargetVoxelsPerClass() {
    CliRun run = evaluate(resource("volumes/mc"), "mc", "--task", "multiclass", "--num-classes", "3");
    assertTrue(run.out().contains(", 3 images, 768 voxels\n"), run.out()); // the voxels of the ignore index left out
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  class") && l.endsWith("  target voxels")), run.out());
  }

  @Test
  void volumesAndImagesTogetherArePixelsAndVoxels() throws IOException {
    Path data = tmp.resolve("mixed");
    for (String side : List.of("pred", "mask")) {
      Files.createDirectories(data.resolve(side));
      Files.copy(resource("volumes/bin").resolve(side).resolve("v0.npy"), data.resolve(side).resolve("v0.npy"));
    }
    Files.write(data.resolve("pred/flat.npy"), NpyWriter.encodeFloat32(new int[] {2, 3}, new float[] {-2, 3, 1, -1, 0.5f, 4}));
    Files.write(data.resolve("mask/flat.npy"), NpyTestWriter.encodeUint8(new int[] {2, 3}, new byte[] {0, 1, 1, 0, 0, 1}));
    CliRun run = evaluate(data, "mixed_out");
    assertTrue(run.out().contains(", 2 images, 294 pixels and voxels\n"), run.out());
    assertTrue(run.out().contains("  dataset (all pixels and voxels together)\n"), run.out());
  }

  private CliRun evaluate(Path data, String output, String... more) {
    CliRun run = CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", data.resolve("pred").toString(),
        "--target", data.resolve("mask").toString(), "--output", tmp.resolve(output).toString()}, more));
    assertEquals(0, run.exitCode(), run.err());
    return run;
  }
}
