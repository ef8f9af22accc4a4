package io.segeval.jobs.multiclass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.testing.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --reduce-zero-label} (mmsegmentation's reduce_zero_label): the public C = 5 targets stored
 * as ADE20K stores its classes, 1..5 with 0 for unlabeled, evaluate exactly like the originals.
 */
class ReduceZeroLabelTest {
  private static final Path DATA = ReferenceData.dir("mc_public");

  @TempDir Path tmp;

  @Test
  void targetsOfClassesOneToCWithZeroUnlabeledGiveTheOriginalResults() throws IOException {
    // class c → c + 1; the ignored pixels (255) → 0 (unlabeled), every other one left at 255
    Path shifted = Files.createDirectories(tmp.resolve("mask-1-to-5"));
    int ignoredSeen = 0;
    try (var files = Files.list(DATA.resolve("mask"))) {
      for (Path png : files.sorted().toList()) {
        NdArray t = MaskCodecs.decode(png.toString(), Files.readAllBytes(png), Long.MAX_VALUE, null);
        byte[] v = new byte[t.size()];
        for (int j = 0; j < v.length; j++) {
          int c = (int) t.data()[j];
          v[j] = (byte) (c != 255 ? c + 1 : ignoredSeen++ % 2 == 0 ? 0 : 255);
        }
        Files.write(shifted.resolve(png.getFileName()), PngMask.encodeGray8(t.shape()[0], t.shape()[1], v));
      }
    }
    assertEquals(true, ignoredSeen > 1, "the data has ignored pixels to turn into 0");

    JsonNode original = JobRuns.summary(JobRuns.evaluate(DATA.resolve("pred"), DATA.resolve("mask"), tmp.resolve("a"),
        "--lovasz", "both"));
    JsonNode reduced = JobRuns.summary(JobRuns.evaluate(DATA.resolve("pred"), shifted, tmp.resolve("b"),
        "--lovasz", "both", "--reduce-zero-label"));
    for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
      assertEquals(original.get(section), reduced.get(section), section);
    }
    assertEquals(original.get("pixels"), reduced.get("pixels"));
    assertEquals(true, reduced.get("params").get("reduce_zero_label").asBoolean());
    assertEquals(null, original.get("params").get("reduce_zero_label"), "only when set");
  }

  @Test
  void aStoredValuePastCIsABadRecordNamingTheValueInTheFile() throws IOException {
    // C = 3, stored classes 1..3: the 4 at (row 1, col 1) was reported as "target value 3", which the file does not hold
    Path pred = Files.createDirectories(tmp.resolve("past-c/pred"));
    Path target = Files.createDirectories(tmp.resolve("past-c/target"));
    Files.write(pred.resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {3, 2, 3}, new float[18]));
    Files.write(target.resolve("a.png"), PngMask.encodeGray8(2, 3, new byte[] {0, 1, 2, 3, 4, (byte) 255}));
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "3", "--reduce-zero-label",
        "--pred", pred.toString(), "--target", target.toString(), "--output", tmp.resolve("past-c/out").toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals("segeval: image 'a' (" + target.resolve("a.png").toUri().toString().replace("file:///", "file:/")
        + "): target value 4 at (row 1, col 1) is not a class with --reduce-zero-label: 1 … 3 are the classes 0 … 2,"
        + " 0 (unlabeled) and the ignore index 255 are ignored",
        run.err().lines().filter(l -> l.startsWith("segeval:")).findFirst().orElse(run.err()));
  }

  @Test
  void anIgnoreIndexThatIsAClassIdIsRefused() {
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "5", "--reduce-zero-label",
        "--ignore-index", "0", "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString(),
        "--output", tmp.resolve("refused").toString());
    assertEquals(2, run.exit(), run.err());
    assertEquals("segeval: --reduce-zero-label makes target 0 the ignore index and k the class k - 1, so --ignore-index 0"
        + " must not be a class id (use 255, or -1)", run.err().lines().findFirst().orElse(""));
    JobRuns.Run binary = JobRuns.run("evaluate", "--reduce-zero-label", "--pred", DATA.resolve("pred").toString(),
        "--target", DATA.resolve("mask").toString(), "--output", tmp.resolve("binary").toString());
    assertEquals(2, binary.exit(), binary.err());
    assertEquals("segeval: --reduce-zero-label is only for --task multiclass", binary.err().lines().findFirst().orElse(""));
  }
}
