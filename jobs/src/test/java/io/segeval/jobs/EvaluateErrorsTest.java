package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and bad command lines: exit 1 or 2 with one line that names the problem. */
class EvaluateErrorsTest {
  @TempDir Path tmp;

  private Path pred() {
    return tmp.resolve("pred");
  }

  private Path mask() {
    return tmp.resolve("mask");
  }

  private void writePair(String id, int h, int w) throws IOException {
    float[] logits = new float[h * w];
    byte[] mask = new byte[h * w];
    for (int j = 0; j < h * w; j++) {
      logits[j] = j % 3 - 1f;
      mask[j] = (byte) (j % 2 == 0 ? 255 : 0);
    }
    Files.createDirectories(pred().resolve(id).getParent());
    Files.createDirectories(mask().resolve(id).getParent());
    Files.write(pred().resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {h, w}, logits));
    Files.write(mask().resolve(id + ".png"), PngMask.encodeGray8(h, w, mask));
  }

  @Test
  void csvRowsQuoteAsRfc4180() throws IOException {
    writePair("quo\"te, comma", 2, 2);
    CliRun run = evaluate("--per-image-format", "csv");
    assertEquals(0, run.exitCode(), run.err());
    Path part;
    try (var parts = Files.list(tmp.resolve("out/per_image"))) {
      part = parts.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    // a quote inside a quoted field is doubled, as Python's csv module and pandas read it back
    assertTrue(Files.readAllLines(part).get(1).startsWith("\"quo\"\"te, comma\","), Files.readString(part));
  }

  @Test
  void namesWithColonsAndOtherPunctuationAreRead() throws IOException {
    List<String> ids = List.of("cam1_12:00", "a b#1%=x", "sub/é,2");
    for (String id : ids) {
      writePair(id, 2, 3);
    }
    CliRun run = evaluate("--per-image-format", "json");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(3, CliRun.summary(tmp.resolve("out")).get("images").asLong());
    assertEquals(java.util.Set.copyOf(ids), CliRun.jsonLines(tmp.resolve("out/per_image"), "image_id").keySet());
  }

  private CliRun evaluate(String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", pred().toString(),
        "--target", mask().toString(), "--output", tmp.resolve("out").toString()}, more));
  }

  private void assertFailsWith(CliRun run, int code, String... fragments) {
    assertEquals(code, run.exitCode(), run.err());
    String firstLine = run.err().lines().findFirst().orElse("");
    for (String f : fragments) {
      assertTrue(firstLine.contains(f), "'" + f + "' not in: " + run.err());
    }
    assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run.err());
    assertFalse(Files.exists(tmp.resolve("out").resolve("summary.json")));
  }

  @Test
  void aPredictionWithoutTargetFailsNamingTheImage() throws IOException {
    writePair("a", 4, 5);
    writePair("b", 4, 5);
    Files.delete(mask().resolve("b.png"));
    assertFailsWith(evaluate(), 1, "image 'b'", "no target file for this prediction", "b.npy");
  }

  /** Pairing problems stop a fail run before any Spark job, the first named and the others counted by kind. */
  @Test
  void everyPairingProblemIsCountedInTheOneLine() throws IOException {
    for (String id : List.of("a", "b", "c", "d")) {
      writePair(id, 4, 5);
    }
    Files.delete(mask().resolve("b.png"));
    Files.delete(pred().resolve("c.npy"));
    Files.delete(mask().resolve("d.png"));
    CliRun run = evaluate();
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("segeval: image 'b' (" + pred().resolve("b.npy").toUri().toString().replace("file:///", "file:/")
        + "): no target file for this prediction; 2 other image_ids have a problem too (2 no target file for this"
        + " prediction, 1 no prediction file for this target)", run.err().lines().findFirst().orElse(""));
  }

  @Test
  void namesThatNeverPairAreSaidToDiffer() throws IOException {
    for (String id : List.of("a", "b")) {
      writePair(id, 4, 5);
      Files.move(pred().resolve(id + ".npy"), pred().resolve(id + "_pred.npy"));
    }
    CliRun run = evaluate();
    assertEquals(1, run.exitCode(), run.err());
    String line = run.err().lines().findFirst().orElse("");
    assertTrue(line.startsWith("segeval: image 'a' ("), line);
    assertTrue(line.endsWith("): no prediction file for this target; no image_id has both files (2 no prediction file"
        + " for this target, 2 no target file for this prediction): the names under --pred and --target do not match"
        + " (the image_id is the path below the folder without its extension: img_1.npy pairs with img_1.png)"), line);
  }

  @Test
  void aCorruptFileFailsNamingTheFileAndReason() throws IOException {
    writePair("a", 4, 5);
    Files.write(pred().resolve("a.npy"), new byte[] {1, 2, 3, 4});
    assertFailsWith(evaluate(), 1, "image 'a'", "a.npy", "not an NPY file");
  }

  @Test
  void differentShapesFail() throws IOException {
    writePair("a", 4, 5);
    Files.write(mask().resolve("a.png"), PngMask.encodeGray8(5, 4, new byte[20]));
    assertFailsWith(evaluate(), 1, "image 'a'", "shapes differ: prediction 4x5, target 5x4");
  }

  @Test
  void aBadTargetValueFailsWithItsPosition() throws IOException {
    writePair("a", 2, 3);
    Files.write(mask().resolve("a.png"), PngMask.encodeGray8(2, 3, new byte[] {0, 1, 0, 0, 7, 0}));
    assertFailsWith(evaluate(), 1, "image 'a'", "a.png", "target value 7.0 at (row 1, col 1)");
  }

  @Test
  void aBadTargetValueSaysNothingOfASwapWhenTheTargetHoldsNoNegativeValue() throws IOException {
    writePair("a", 2, 3);
    Files.write(mask().resolve("a.png"), PngMask.encodeGray8(2, 3, new byte[] {0, 1, 0, 0, 7, 0}));
    CliRun run = evaluate();
    assertFailsWith(run, 1, "target value 7.0 at (row 1, col 1)");
    assertFalse(run.err().contains("wrong way round"), run.err());
  }

  /** A mask of class ids (BraTS 0/1/2/4) given to the binary task is asked about; a soft value above 1 is not. */
  @Test
  void aMaskOfClassIdsIsToldAboutTheMulticlassTask() throws IOException {
    writePair("a", 2, 3);
    Files.write(mask().resolve("a.png"), PngMask.encodeGray8(2, 3, new byte[] {0, 1, 2, 0, 4, 0}));
    CliRun run = evaluate();
    assertFailsWith(run, 1);
    assertEquals("segeval: image 'a' (file:" + mask().resolve("a.png") + "): target value 2.0 at (row 0, col 2) is not"
        + " a binary target (0, 1 or 255, or a soft value in [0, 1]); is it a mask of class ids (0 to 4)? evaluate it"
        + " with --task multiclass --num-classes 5, or save (mask > 0) as the binary foreground",
        run.err().lines().findFirst().orElse(""));

    Files.delete(mask().resolve("a.png"));
    Files.write(mask().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {2, 3}, new float[] {0, 1, 1.5f, 0, 2, 0}));
    run = evaluate();
    assertFailsWith(run, 1, "target value 1.5 at (row 0, col 2)");
    assertFalse(run.err().contains("class ids"), run.err());
  }

  @Test
  void predAndTargetTheWrongWayRoundAreSaidToBe() throws IOException {
    writePair("a", 2, 3); // logits -1, 0, 1, ... in pred/a.npy, a 0/255 mask in mask/a.png
    Path swappedPred = tmp.resolve("mask");
    Path swappedTarget = tmp.resolve("pred");
    CliRun run = CliRun.of("evaluate", "--pred", swappedPred.toString(), "--target", swappedTarget.toString(),
        "--output", tmp.resolve("out").toString());
    assertFailsWith(run, 1);
    assertEquals("segeval: image 'a' (file:" + swappedTarget.resolve("a.npy") + "): target value -1.0 at (row 0,"
        + " col 0) is not a binary target (0, 1 or 255, or a soft value in [0, 1]); a target with negative values"
        + " looks like logits: are the prediction and the target the wrong way round (--pred/--target,"
        + " --pred-col/--target-col)?", run.err().lines().findFirst().orElse(""));
  }

  @Test
  void multiclassPredAndTargetTheWrongWayRoundAreSaidToBe() throws IOException {
    writePair("a", 4, 5); // mask/a.png: a (4, 5) label map of 0 and 255
    Files.write(pred().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {3, 4, 5}, new float[60]));
    CliRun run = CliRun.of("evaluate", "--task", "multiclass", "--num-classes", "3", "--input", "labels",
        "--pred", mask().toString(), "--target", pred().toString(), "--output", tmp.resolve("out").toString());
    assertFailsWith(run, 1);
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.npy") + "): expected a (H, W) target of class ids,"
        + " got shape 3x4x5; 3 maps (--num-classes) are a prediction's scores: are the prediction and the target the"
        + " wrong way round (--pred/--target, --pred-col/--target-col)?", run.err().lines().findFirst().orElse(""));
  }

  @Test
  void aMulticlassPredictionWithoutTaskMulticlassSaysWhatToAdd() throws IOException {
    writePair("a", 4, 5);
    String hint = "; 3 score maps of the target's size are a multiclass prediction: add --task multiclass --num-classes 3";
    Files.write(pred().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {3, 4, 5}, new float[60]));
    CliRun channelsFirst = evaluate();
    assertFailsWith(channelsFirst, 1);
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.npy") + "): expected a (H, W) binary mask, got shape"
        + " 3x4x5" + hint, channelsFirst.err().lines().findFirst().orElse(""));
    Files.write(pred().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {4, 5, 3}, new float[60]));
    CliRun channelsLast = evaluate();
    assertFailsWith(channelsLast, 1);
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.npy") + "): expected a (H, W) binary mask, got shape"
        + " 4x5x3" + hint, channelsLast.err().lines().findFirst().orElse(""));
    // a third dimension that is no channel count over the target's (H, W): no hint
    Files.write(pred().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {3, 2, 10}, new float[60]));
    CliRun other = evaluate();
    assertFailsWith(other, 1);
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.npy") + "): expected a (H, W) binary mask, got shape"
        + " 3x2x10", other.err().lines().findFirst().orElse(""));
  }

  @Test
  void anUnexpandedTildeIsRefusedNotMadeAFolderNamedTilde() throws IOException {
    writePair("a", 2, 3);
    CliRun run = CliRun.of("evaluate", "--pred", pred().toString(), "--target", mask().toString(),
        "--output=~/segeval-tilde-test");
    assertFailsWith(run, 2);
    assertEquals("segeval: --output ~/segeval-tilde-test: '~' is not expanded here (the shell expands it at the start"
        + " of a word only: '--output ~/x', not '--output=~/x' nor a --config value); give the full path",
        run.err().lines().findFirst().orElse(""));
    assertFalse(Files.exists(Path.of("~")), "no folder named ~ in the working directory");
  }

  @Test
  void predAndTargetOneInsideTheOtherAreRefusedAndOneFolderOfBothIsSaidToBe() throws IOException {
    writePair("a", 2, 3);
    // masks against themselves: one folder as both is allowed
    CliRun self = CliRun.of("evaluate", "--pred", mask().toString(), "--target", mask().toString(),
        "--output", tmp.resolve("self").toString());
    assertEquals(0, self.exitCode(), self.err());
    assertEquals(1.0, CliRun.summary(tmp.resolve("self")).get("dataset").get("hard_dice").asDouble());
    Path both = pred();
    Files.write(both.resolve("a.png"), Files.readAllBytes(mask().resolve("a.png"))); // a.npy beside a.png
    CliRun same = CliRun.of("evaluate", "--pred", both.toString(), "--target", both.toString(),
        "--output", tmp.resolve("out").toString());
    assertFailsWith(same, 1, "several prediction files share this image_id: a.npy, a.png (--pred and --target are one"
        + " folder: SegEval pairs a folder of predictions with a folder of masks by file name; give the predictions"
        + " and the masks in two separate folders)");
    String fix = "; SegEval pairs a folder of predictions with a folder of masks by file name (pred/img_1.npy with"
        + " masks/img_1.png): give the predictions and the masks in two separate folders";
    CliRun inside = CliRun.of("evaluate", "--pred", tmp.toString(), "--target", mask().toString(),
        "--output", tmp.resolve("out").toString());
    assertFailsWith(inside, 2);
    assertEquals("segeval: --pred " + tmp + " contains --target " + mask() + fix, inside.err().lines().findFirst().orElse(""));
    CliRun pack = CliRun.of("pack", "--pred", mask().toString(), "--target", tmp.toString(),
        "--output", tmp.resolve("table").toString());
    assertEquals(2, pack.exitCode(), pack.err());
    assertEquals("segeval: --pred " + mask() + " is inside --target " + tmp + fix, pack.err().lines().findFirst().orElse(""));
  }

  @Test
  void scoresReadAsLabelsSayToDropInputLabels() throws IOException {
    writePair("a", 2, 3); // logits -1, 0, 1, -1, 0, 1: whole numbers, but a negative one is no label of any kind
    String hint = "; a fractional or negative value is a score, not a label: drop --input labels"
        + " (logits are the default for .npy; --input probabilities for values in [0, 1])";
    CliRun negative = evaluate("--input", "labels");
    assertFailsWith(negative, 1);
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.npy") + "): prediction label -1.0 at (row 0, col 0)"
        + " is not a binary label (0, 1 or 255)" + hint, negative.err().lines().findFirst().orElse(""));
    // a whole number >= 0 is a label of another kind (a class id) or an 8-bit probability (p·255): said so
    Files.write(pred().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {2, 3}, new float[] {0, 1, 2, 0, 0, 0}));
    CliRun integral = evaluate("--input", "labels");
    assertFailsWith(integral, 1);
    String whole = "; whole numbers other than 0, 1 and 255 are no binary labels: class ids of a multiclass map, or"
        + " probabilities kept as 8-bit values (p·255), which are read as probabilities once divided by 255 and saved"
        + " as floats";
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.npy") + "): prediction label 2.0 at (row 0, col 2)"
        + " is not a binary label (0, 1 or 255)" + whole, integral.err().lines().findFirst().orElse(""));
    // a probability map saved as an 8-bit PNG (read as labels by default) says the same
    Files.delete(pred().resolve("a.npy"));
    Files.write(pred().resolve("a.png"), PngMask.encodeGray8(2, 3, new byte[] {0, (byte) 255, (byte) 226, 0, 12, 1}));
    CliRun png = evaluate();
    assertFailsWith(png, 1);
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.png") + "): prediction label 226.0 at (row 0, col 2)"
        + " is not a binary label (0, 1 or 255)" + whole, png.err().lines().findFirst().orElse(""));
    Files.delete(pred().resolve("a.png"));
    Files.write(pred().resolve("a.npy"), NpyWriter.encodeFloat32(new int[] {2, 3}, new float[] {0, 1, 2.5f, 0, 0, 0}));
    CliRun fractional = evaluate("--input", "labels");
    assertFailsWith(fractional, 1);
    assertEquals("segeval: image 'a' (file:" + pred().resolve("a.npy") + "): prediction label 2.5 at (row 0, col 2)"
        + " is not a binary label (0, 1 or 255)" + hint, fractional.err().lines().findFirst().orElse(""));
  }

  @Test
  void noImagesAtAllFails() throws IOException {
    Files.createDirectories(pred());
    Files.createDirectories(mask());
    assertFailsWith(evaluate(), 1, "no images found under");
  }

  @Test
  void aMissingFolderFails() {
    assertFailsWith(evaluate(), 1, "does not exist");
  }

  @Test
  void outOfRangeOptionsAreUsageErrorsNamingTheOption() throws IOException {
    writePair("a", 2, 2);
    assertFailsWith(evaluate("--tversky-alpha", "1.5"), 2, "--tversky-alpha must be in [0, 1], got 1.5");
    assertFailsWith(evaluate("--smooth", "-1"), 2, "--smooth must be a number >= 0");
    assertFailsWith(evaluate("--threshold", "1"), 2, "--threshold must be strictly between 0 and 1");
    assertFailsWith(evaluate("--lovasz", "sometimes"), 2, "--lovasz must be one of per-image, global, both");
    assertFailsWith(evaluate("--smooth", "abc"), 2, "--smooth");
    assertFailsWith(evaluate("--no-such-option"), 2, "--no-such-option");
    assertFailsWith(evaluate("--task", "multiclass"), 2, "--num-classes is required");
    assertFailsWith(evaluate("--max-rejected", "-5"), 2, "--max-rejected must be >= 0 (or -1: no limit), got -5");
    assertFailsWith(evaluate("--id-col", "name"), 2,
        "--id-col applies to --table input only (it would be ignored with --pred/--target)");
    assertFailsWith(evaluate("--format", "orc"), 2, "--format applies to --table input only");
    // evaluate --format json is often meant as sql --format json: the line says where the output's format is set
    assertFailsWith(evaluate("--format", "json"), 2, "--format applies to --table input only (it would be ignored"
        + " with --pred/--target); it is the --table input's storage format, not an output format: summary.json is"
        + " always JSON, and --per-image-format parquet|json|csv sets OUTPUT/per_image/'s");
  }

  @Test
  void aUriHadoopCannotParseIsAUsageErrorNamingTheOption() throws IOException {
    writePair("a", 2, 2);
    CliRun run = CliRun.of("evaluate", "--pred", pred().toString(), "--target", mask().toString(), "--output", "a:b");
    assertFailsWith(run, 2, "--output a:b: java.net.URISyntaxException: Relative path in absolute URI: a:b");
  }

  @Test
  void aConfigFileSuppliesOptionsAndTheCommandLineWins() throws IOException {
    writePair("a", 3, 3);
    Path conf = tmp.resolve("segeval.properties");
    Files.writeString(conf, "smooth = 0.5\nlovasz = both\nthreshold = 0.9\n");
    CliRun run = evaluate("--config", conf.toString(), "--threshold", "0.6");
    assertEquals(0, run.exitCode(), run.err());
    var s = CliRun.summary(tmp.resolve("out"));
    assertEquals(0.5, s.get("params").get("smooth").asDouble());
    assertEquals(0.6, s.get("params").get("threshold").asDouble());
    assertEquals("both", s.get("lovasz").asText());
    // the file's inputs (a nightly table) give way to folders on the command line
    Files.writeString(conf, "table = /lake/nightly\nsmooth = 0.5\n");
    CliRun folders = evaluate("--config", conf.toString(), "--overwrite");
    assertEquals(0, folders.exitCode(), folders.err());
    assertEquals(1, CliRun.summary(tmp.resolve("out")).get("images").asLong());
    Files.writeString(conf, "smoth = 0.5\n");
    CliRun bad = CliRun.of("evaluate", "--config", conf.toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("unknown key 'smoth'"), bad.err());
  }
}
