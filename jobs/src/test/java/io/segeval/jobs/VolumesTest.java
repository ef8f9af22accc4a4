package io.segeval.jobs;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.codec.NdArray;
import io.segeval.codec.Npy;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3-D volumes: three (4, 8, 9) float32 logit volumes with uint8 0/1 masks (binary) and three
 * (3, 4, 8, 9) logit volumes with (4, 8, 9) class maps, about 10% 255 (multiclass), from
 * {@code resources/volumes/} ({@code tools/reference/volumes.py}). A volume is the (D·H, W) image
 * it is in C order: evaluating the volumes gives exactly (1e-12) what the same data saved as
 * (32, 9) images gives, dataset-wide, per-image mean and row by row (one row per volume, its
 * Lovász over all its voxels); and PyTorch's values on the 5-D tensors (1e-9). Bad volumes are
 * refused naming the voxel as (slice, row, col).
 */
class VolumesTest {
  private static final int D = 4;
  private static final int H = 8;
  private static final int W = 9;
  private static final int C = 3;
  private static final List<String> IDS = List.of("v0", "v1", "v2");
  /** The summary's sections that hold the results (per_class and confusion_matrix: multiclass only). */
  private static final List<String> RESULT_SECTIONS = List.of("dataset", "per_image_mean", "per_class", "confusion_matrix");

  @TempDir static Path tmp;
  private static JsonNode expected;

  @BeforeAll
  static void readExpected() throws IOException {
    expected = new ObjectMapper().readTree(resource("volumes").resolve("expected.json").toFile());
  }

  @Test
  void binaryVolumesAreTheirSlicesStackedAsOneImage() throws IOException {
    Path volumes = resource("volumes/bin");
    Path images = asImages(volumes, "bin", false);
    JsonNode vol = evaluate(volumes, "vol", "--lovasz", "both");
    JsonNode img = evaluate(images, "img", "--lovasz", "both");
    assertEquals(3, vol.get("images").asLong());
    assertEquals(3L * D * H * W, vol.get("pixels").asLong());
    assertSameResults(img, vol, "binary");
    assertSameRows(tmp.resolve("img"), tmp.resolve("vol"));

    JsonNode torch = expected.get("binary");
    JsonNode dataset = vol.get("dataset");
    assertClose(torch.get("bce").asDouble(), dataset.get("bce").asDouble(), 1e-9, "bce");
    assertClose(torch.get("dice").asDouble(), dataset.get("dice").asDouble(), 1e-9, "dice");
    assertClose(torch.get("lovasz_hinge_loss").asDouble(), dataset.get("lovasz_hinge_loss").asDouble(), 1e-9, "lovasz");
    Map<String, JsonNode> rows = CliRun.jsonLines(tmp.resolve("vol").resolve("per_image"), "image_id");
    for (String id : IDS) {
      assertClose(torch.get("per_image_lovasz_hinge_loss").get(id).asDouble(),
          rows.get(id).get("lovasz_hinge_loss").asDouble(), 1e-9, "per-volume Lovász " + id);
    }
  }

  @Test
  void multiclassVolumesAreTheirSlicesStackedAsOneImage() throws IOException {
    Path volumes = resource("volumes/mc");
    Path images = asImages(volumes, "mc", true);
    JsonNode vol = evaluate(volumes, "mc_vol", "--task", "multiclass", "--num-classes", "3", "--lovasz", "both");
    JsonNode img = evaluate(images, "mc_img", "--task", "multiclass", "--num-classes", "3", "--lovasz", "both");
    assertEquals(3, vol.get("images").asLong());
    assertSameResults(img, vol, "multiclass");
    assertSameRows(tmp.resolve("mc_img"), tmp.resolve("mc_vol"));

    JsonNode torch = expected.get("multiclass");
    JsonNode dataset = vol.get("dataset");
    assertClose(torch.get("ce").asDouble(), dataset.get("ce").asDouble(), 1e-9, "ce");
    assertClose(torch.get("lovasz_softmax_loss").asDouble(), dataset.get("lovasz_softmax_loss").asDouble(), 1e-9,
        "lovasz");
    Map<String, JsonNode> rows = CliRun.jsonLines(tmp.resolve("mc_vol").resolve("per_image"), "image_id");
    for (String id : IDS) {
      assertClose(torch.get("per_image_lovasz_softmax_loss").get(id).asDouble(),
          rows.get(id).get("lovasz_softmax_loss").asDouble(), 1e-9, "per-volume Lovász " + id);
    }
  }

  /**
   * Volumes saved as PyTorch batches of one, (1, D, H, W) and (1, 1, D, H, W) masks with (1, 1, D, H, W)
   * logits, (1, C, D, H, W) scores over (1, D, H, W) class maps, give the volumes' numbers.
   */
  @Test
  void batchAxesOfOneAreDropped() throws IOException {
    Path bin = withBatchAxes(resource("volumes/bin"), "bin_batch", new int[] {1, 1, D, H, W}, new int[] {1, D, H, W});
    assertSameResults(evaluate(resource("volumes/bin"), "bin_plain"), evaluate(bin, "bin_batched"), "binary batch");
    Path mc = withBatchAxes(resource("volumes/mc"), "mc_batch", new int[] {1, C, D, H, W}, new int[] {1, D, H, W});
    String[] multiclass = {"--task", "multiclass", "--num-classes", "3"};
    assertSameResults(evaluate(resource("volumes/mc"), "mc_plain", multiclass), evaluate(mc, "mc_batched", multiclass),
        "multiclass batch");
  }

  /** The volumes of {@code dir} saved again with the given shapes (the same values in C order). */
  private static Path withBatchAxes(Path dir, String name, int[] predShape, int[] targetShape) throws IOException {
    Path out = tmp.resolve(name);
    for (String id : IDS) {
      NdArray p = Npy.decode(Files.readAllBytes(dir.resolve("pred/" + id + ".npy")), Long.MAX_VALUE, null);
      NdArray t = Npy.decode(Files.readAllBytes(dir.resolve("mask/" + id + ".npy")), Long.MAX_VALUE, null);
      write(out.resolve("pred/" + id + ".npy"), NpyWriter.encodeFloat32(predShape, floats(p)));
      write(out.resolve("mask/" + id + ".npy"), NpyTestWriter.encodeUint8(targetShape, bytes(t)));
    }
    return out;
  }

  /** Packed as NPY bytes, the volumes give the folders' numbers; --as-arrays refuses them in one line. */
  @Test
  void packedVolumesGiveTheFoldersNumbersAndHaveNoArrayLayout() {
    Path volumes = resource("volumes/bin");
    Path table = tmp.resolve("table");
    CliRun pack = CliRun.of("pack", "--pred", volumes.resolve("pred").toString(),
        "--target", volumes.resolve("mask").toString(), "--output", table.toString());
    assertEquals(0, pack.exitCode(), pack.err());
    Path out = tmp.resolve("from_table");
    CliRun run = CliRun.of("evaluate", "--table", table.toString(), "--output", out.toString(), "--lovasz", "both");
    assertEquals(0, run.exitCode(), run.err());
    assertSameResults(evaluate(volumes, "folders", "--lovasz", "both"), CliRun.summary(out), "table");

    CliRun arrays = CliRun.of("pack", "--pred", volumes.resolve("pred").toString(),
        "--target", volumes.resolve("mask").toString(), "--output", tmp.resolve("arrays").toString(), "--as-arrays");
    assertEquals(1, arrays.exitCode(), arrays.err());
    // whichever volume a task reads first
    assertTrue(arrays.err().lines().findFirst().orElse("").matches("segeval: image 'v[012]' \\(file:.*/v[012]\\.npy\\):"
        + " a \\(D, H, W\\) volume \\(4x8x9\\) has no --as-arrays layout \\(height, width and channels columns hold"
        + " images\\): pack volumes without --as-arrays, as NPY bytes"), arrays.err());
    assertFalse(arrays.err().contains("\tat "), arrays.err());
  }

  @Test
  void badVolumesAreRefusedNamingTheVoxel() throws IOException {
    Path dir = tmp.resolve("bad");
    writeBinary(dir, "a", new int[] {D, H, W}, new int[] {D, H, W + 1});
    assertRefused(binaryRun(dir), "a", "a.npy", "shapes differ: prediction 4x8x9, target 4x8x10");
    // pack checks a volume's shapes as evaluate reads them
    assertRefused(CliRun.of("pack", "--pred", dir.resolve("pred").toString(), "--target", dir.resolve("mask").toString(),
        "--output", dir.resolve("table").toString()), "a", "a.npy", "shapes differ: prediction 4x8x9, target 4x8x10"
        + " (a volume's prediction is (D, H, W), or (C, D, H, W) scores channels first)");

    // a volume read as (x, y, z) by nibabel against one read as (z, y, x) by SimpleITK: the hint says so
    writeBinary(dir, "a", new int[] {W, H, D}, new int[] {D, H, W});
    String reversed = "; its axes are the target's in reverse order ((W, H, D) against (D, H, W)), as nibabel and"
        + " SimpleITK read one NIfTI: transpose one side (np.transpose(volume))";
    assertRefused(binaryRun(dir), "a", "a.npy", "shapes differ: prediction 9x8x4, target 4x8x9" + reversed);
    assertRefused(CliRun.of("pack", "--pred", dir.resolve("pred").toString(), "--target", dir.resolve("mask").toString(),
        "--output", dir.resolve("table").toString()), "a", "a.npy", "shapes differ: prediction 9x8x4, target 4x8x9"
        + " (a volume's prediction is (D, H, W), or (C, D, H, W) scores channels first)" + reversed);
    // one channel saved last, (D, H, W, 1): only leading axes of length 1 are dropped; the side that has it is named
    String trailing = "; a last axis of length 1 is not dropped from a volume (only leading ones are): save it as"
        + " (D, H, W), a[..., 0]";
    writeBinary(dir, "a", new int[] {D, H, W, 1}, new int[] {D, H, W});
    assertRefused(binaryRun(dir), "a", "pred/a.npy", "shapes differ: prediction 4x8x9x1, target 4x8x9" + trailing);
    writeBinary(dir, "a", new int[] {D, H, W}, new int[] {D, H, W, 1});
    assertRefused(binaryRun(dir), "a", "mask/a.npy", "expected a (H, W) binary mask or a (D, H, W) volume, got shape"
        + " 4x8x9x1" + trailing);
    assertRefused(CliRun.of("pack", "--pred", dir.resolve("pred").toString(), "--target", dir.resolve("mask").toString(),
        "--output", dir.resolve("table").toString()), "a", "mask/a.npy", "expected a (H, W) target or a (D, H, W)"
        + " volume, got shape 4x8x9x1" + trailing);
    // another D is no reversal
    writeBinary(dir, "a", new int[] {D - 1, H, W}, new int[] {D, H, W});
    assertRefused(binaryRun(dir), "a", "a.npy", "shapes differ: prediction 3x8x9, target 4x8x9");

    float[] x = new float[D * H * W];
    x[(2 * H + 3) * W + 5] = Float.NaN;
    writeBinary(dir, "a", new int[] {D, H, W}, new int[] {D, H, W});
    Files.write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {D, H, W}, x));
    assertRefused(binaryRun(dir), "a", "a.npy", "non-finite prediction NaN at (slice 2, row 3, col 5)");

    // --max-pixels counts D·H·W values, from the header
    writeBinary(dir, "a", new int[] {D, H, W}, new int[] {D, H, W});
    assertRefused(binaryRun(dir, "--max-pixels", "287"), "a", "a.npy", "header claims 4x8x9 = 288 values, more than"
        + " --max-pixels 287 (it limits values: H×W for a mask, C×H×W for a score array, D·H·W or C·D·H·W for a"
        + " volume; raise it for larger volumes, and the heap with it: about 50 bytes per voxel of a binary volume for"
        + " each running task, docs/cluster.md#sizing)");
    assertEquals(0, binaryRun(dir, "--max-pixels", "288").exitCode());

    Files.write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {2, D, H, W}, new float[2 * D * H * W]));
    assertRefused(binaryRun(dir), "a", "a.npy", "expected a (H, W) binary mask or a (D, H, W) volume, got shape"
        + " 2x4x8x9; 2 score maps of the target's size are a multiclass prediction: add --task multiclass --num-classes 2");
  }

  @Test
  void multiclassVolumesMustBeChannelsFirstAndNameTheirVoxels() throws IOException {
    Path dir = tmp.resolve("mc_bad");
    byte[] target = new byte[D * H * W];
    target[(1 * H + 2) * W + 3] = 7;
    write(dir.resolve("mask/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W}, target));
    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {C, D, H, W}, new float[C * D * H * W]));
    assertRefused(multiclassRun(dir), "a", "a.npy",
        "target value 7 at (slice 1, row 2, col 3) is not a class id in [0, 3) nor the ignore index 255");

    float[] scores = new float[C * D * H * W];
    scores[D * H * W + 4] = Float.POSITIVE_INFINITY; // channel 1, voxel 4
    write(dir.resolve("mask/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W}, new byte[D * H * W]));
    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {C, D, H, W}, scores));
    assertRefused(multiclassRun(dir), "a", "a.npy", "prediction Infinity at (channel 1, slice 0, row 0, col 4) is not finite");

    // --reduce-zero-label maps a volume's target once its shape is accepted, and names the voxel
    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {C, D, H, W}, new float[C * D * H * W]));
    target[(1 * H + 2) * W + 3] = 9;
    write(dir.resolve("mask/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W}, target));
    assertRefused(multiclassRun(dir, "--reduce-zero-label"), "a", "a.npy", "target value 9 at (slice 1, row 2, col 3)"
        + " is not a class with --reduce-zero-label: 1 … 3 are the classes 0 … 2, 0 (unlabeled) and the ignore index 255"
        + " are ignored");

    // a (D, H, W) label map is a volume of labels; scores of the volume's shape are not labels
    write(dir.resolve("mask/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W}, new byte[D * H * W]));
    write(dir.resolve("pred/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W}, new byte[D * H * W]));
    assertEquals(0, multiclassRun(dir, "--input", "labels").exitCode());
    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {D, H, W}, new float[D * H * W]));
    assertRefused(multiclassRun(dir), "a", "a.npy", "expected (C, D, H, W) scores with C = 3 channels, got a single"
        + " volume; for label-map predictions pass --input labels (prediction 4x8x9, target 4x8x9)");

    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {D, H, W, C}, new float[C * D * H * W]));
    assertRefused(multiclassRun(dir), "a", "a.npy", "channels-last (D, H, W, C) scores are not read: SegEval takes a"
        + " volume's scores channels first, (C, D, H, W) with C = 3 over a (D, H, W) target (save np.moveaxis(scores,"
        + " -1, 0)) (prediction 4x8x9x3, target 4x8x9)");

    // scores with the volume's axes reversed (nibabel against SimpleITK), and a reversed label map
    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {C, W, H, D}, new float[C * D * H * W]));
    assertRefused(multiclassRun(dir), "a", "a.npy", "shapes differ: expected 3x4x8x9 (C, D, H, W) scores; its volume"
        + " axes are the target's in reverse order ((C, W, H, D) against (D, H, W)), as nibabel and SimpleITK read one"
        + " NIfTI: transpose one side (np.transpose(scores, (0, 3, 2, 1)) or np.transpose(target)) (prediction 3x9x8x4,"
        + " target 4x8x9)");
    write(dir.resolve("pred/a.npy"), NpyTestWriter.encodeUint8(new int[] {W, H, D}, new byte[D * H * W]));
    assertRefused(multiclassRun(dir, "--input", "labels"), "a", "a.npy", "shapes differ; its axes are the target's in"
        + " reverse order ((W, H, D) against (D, H, W)), as nibabel and SimpleITK read one NIfTI: transpose one side"
        + " (np.transpose(volume)) (prediction 9x8x4, target 4x8x9)");

    // one channel saved last, (D, H, W, 1): scores, a label map, a target
    String trailing = "; a last axis of length 1 is not dropped from a volume (only leading ones are): save it as"
        + " (D, H, W), a[..., 0]";
    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {D, H, W, 1}, new float[D * H * W]));
    assertRefused(multiclassRun(dir), "a", "pred/a.npy", "expected (C, D, H, W) scores with C = 3 channels, got a single"
        + " volume; for label-map predictions pass --input labels" + trailing + " (prediction 4x8x9x1, target 4x8x9)");
    write(dir.resolve("pred/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W, 1}, new byte[D * H * W]));
    assertRefused(multiclassRun(dir, "--input", "labels"), "a", "pred/a.npy", "shapes differ" + trailing
        + " (prediction 4x8x9x1, target 4x8x9)");
    write(dir.resolve("pred/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W}, new byte[D * H * W]));
    write(dir.resolve("mask/a.npy"), NpyTestWriter.encodeUint8(new int[] {D, H, W, 1}, new byte[D * H * W]));
    assertRefused(multiclassRun(dir, "--input", "labels"), "a", "mask/a.npy", "expected a (H, W) target of class ids"
        + " or a (D, H, W) volume of them, got shape 4x8x9x1" + trailing);

    // a one-hot (C, D, H, W) target: the refusal says volumes are read and how to save class ids
    write(dir.resolve("pred/a.npy"), NpyWriter.encodeFloat32(new int[] {C, D, H, W}, new float[C * D * H * W]));
    write(dir.resolve("mask/a.npy"), NpyWriter.encodeFloat32(new int[] {C, D, H, W}, new float[C * D * H * W]));
    assertRefused(multiclassRun(dir), "a", "a.npy", "expected a (H, W) target of class ids or a (D, H, W) volume of"
        + " them, got shape 3x4x8x9; 3 volumes (--num-classes) are a prediction's scores or a one-hot target: are the"
        + " prediction and the target the wrong way round (--pred/--target, --pred-col/--target-col)? For a one-hot"
        + " target save its class ids, np.argmax(target, axis=0)");
    write(dir.resolve("mask/a.npy"), NpyWriter.encodeFloat32(new int[] {D, H, W, C}, new float[C * D * H * W]));
    assertRefused(multiclassRun(dir), "a", "a.npy", "expected a (H, W) target of class ids or a (D, H, W) volume of"
        + " them, got shape 4x8x9x3; 3 volumes (--num-classes) are a prediction's scores or a one-hot target: are the"
        + " prediction and the target the wrong way round (--pred/--target, --pred-col/--target-col)? For a one-hot"
        + " target save its class ids, np.argmax(target, axis=-1)");
  }

  /** With skip, a bad volume is counted and listed once; the good ones give their own numbers. */
  @Test
  void aSkippedVolumeIsReportedAndTheOthersCount() throws IOException {
    Path dir = tmp.resolve("skip");
    for (String id : IDS) {
      write(dir.resolve("pred/" + id + ".npy"), Files.readAllBytes(resource("volumes/bin/pred/" + id + ".npy")));
      write(dir.resolve("mask/" + id + ".npy"), Files.readAllBytes(resource("volumes/bin/mask/" + id + ".npy")));
    }
    float[] x = new float[D * H * W];
    x[(3 * H + 7) * W + 8] = Float.NaN; // the last voxel
    write(dir.resolve("pred/v1.npy"), NpyWriter.encodeFloat32(new int[] {D, H, W}, x));
    Path out = tmp.resolve("skip_out");
    CliRun run = CliRun.of("evaluate", "--pred", dir.resolve("pred").toString(), "--target", dir.resolve("mask").toString(),
        "--output", out.toString(), "--on-bad-record", "skip", "--per-image-format", "json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode s = CliRun.summary(out);
    assertEquals(2, s.get("images").asLong());
    assertEquals(2L * D * H * W, s.get("pixels").asLong());
    assertEquals(1, s.get("rejected").get("count").asLong());
    JsonNode item = s.get("rejected").get("items").get(0);
    assertEquals("v1", item.get("image_id").asText());
    assertEquals("non-finite prediction NaN at (slice 3, row 7, col 8)", item.get("reason").asText());
    assertEquals(List.of("v0", "v2"), List.copyOf(CliRun.jsonLines(out.resolve("per_image"), "image_id").keySet()));
  }

  private static JsonNode evaluate(Path data, String output, String... more) {
    Path out = tmp.resolve(output);
    CliRun run = CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", data.resolve("pred").toString(),
        "--target", data.resolve("mask").toString(), "--output", out.toString(), "--per-image-format", "json"}, more));
    assertEquals(0, run.exitCode(), run.err());
    return CliRun.summary(out);
  }

  private static CliRun binaryRun(Path dir, String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", dir.resolve("pred").toString(),
        "--target", dir.resolve("mask").toString(), "--output", dir.resolve("out").toString(), "--overwrite"}, more));
  }

  private static CliRun multiclassRun(Path dir, String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--task", "multiclass", "--num-classes", "3",
        "--pred", dir.resolve("pred").toString(), "--target", dir.resolve("mask").toString(),
        "--output", dir.resolve("out").toString(), "--overwrite"}, more));
  }

  /** Exit 1 and a first line naming the image, the prediction or target file and the reason, no stack trace. */
  private static void assertRefused(CliRun run, String image, String file, String reason) {
    assertEquals(1, run.exitCode(), run.err());
    String first = run.err().lines().findFirst().orElse("");
    assertTrue(first.startsWith("segeval: image '" + image + "' (file:"), run.err());
    assertTrue(first.endsWith(file + "): " + reason), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  /** A zero (D, H, W) prediction and a zero target of the given shapes. */
  private static void writeBinary(Path dir, String id, int[] predShape, int[] targetShape) throws IOException {
    write(dir.resolve("pred/" + id + ".npy"), NpyWriter.encodeFloat32(predShape, new float[size(predShape)]));
    write(dir.resolve("mask/" + id + ".npy"), NpyTestWriter.encodeUint8(targetShape, new byte[size(targetShape)]));
  }

  /**
   * The volumes of {@code dir} saved again as images: (D, H, W) as (D·H, W), (C, D, H, W) scores
   * as (C, D·H, W); the same values in the same C order.
   */
  private static Path asImages(Path dir, String name, boolean scores) throws IOException {
    Path out = tmp.resolve(name + "_images");
    for (String id : IDS) {
      NdArray p = Npy.decode(Files.readAllBytes(dir.resolve("pred/" + id + ".npy")), Long.MAX_VALUE, null);
      NdArray t = Npy.decode(Files.readAllBytes(dir.resolve("mask/" + id + ".npy")), Long.MAX_VALUE, null);
      int[] image = scores ? new int[] {C, D * H, W} : new int[] {D * H, W};
      write(out.resolve("pred/" + id + ".npy"), NpyWriter.encodeFloat32(image, floats(p)));
      write(out.resolve("mask/" + id + ".npy"), NpyTestWriter.encodeUint8(new int[] {D * H, W}, bytes(t)));
    }
    return out;
  }

  /** Every number of the result sections of {@code actual} equals {@code expected}'s within 1e-12. */
  private static void assertSameResults(JsonNode expected, JsonNode actual, String where) {
    for (String section : RESULT_SECTIONS) {
      assertSameTree(expected.get(section), actual.get(section), where + "." + section);
    }
  }

  /** The per-image rows of both outputs, number by number: one row per volume, the image's row. */
  private static void assertSameRows(Path imagesOut, Path volumesOut) {
    Map<String, JsonNode> images = CliRun.jsonLines(imagesOut.resolve("per_image"), "image_id");
    Map<String, JsonNode> volumes = CliRun.jsonLines(volumesOut.resolve("per_image"), "image_id");
    assertEquals(IDS, List.copyOf(volumes.keySet()));
    for (String id : IDS) {
      assertSameTree(images.get(id), volumes.get(id), "per_image." + id);
    }
  }

  private static void assertSameTree(JsonNode expected, JsonNode actual, String where) {
    if (expected == null || expected.isNull()) {
      assertTrue(actual == null || actual.isNull(), where + ": " + actual);
      return;
    }
    if (expected.isNumber()) {
      assertClose(expected.asDouble(), actual.asDouble(), 1e-12, where);
      return;
    }
    if (expected.isValueNode()) {
      assertEquals(expected, actual, where);
      return;
    }
    assertEquals(expected.size(), actual.size(), where);
    if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        assertSameTree(expected.get(i), actual.get(i), where + "[" + i + "]");
      }
      return;
    }
    for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      assertSameTree(expected.get(key), actual.get(key), where + "." + key);
    }
  }

  private static float[] floats(NdArray a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.data()[i];
    }
    return f;
  }

  private static byte[] bytes(NdArray a) {
    byte[] b = new byte[a.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) a.data()[i];
    }
    return b;
  }

  private static int size(int[] shape) {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static Path resource(String name) {
    try {
      return Path.of(VolumesTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
