package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An option of the other task is a usage error (exit 2, one line naming the option and its task),
 * not silently ignored: given on the command line, or in a {@code --config} file with a value
 * other than the documented default (a copy of conf/segeval.properties, every default included, is
 * fine for either task). And with more than 255 classes, the default ignore index 255 is a class
 * id: it must be given explicitly.
 */
class OtherTaskOptionsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Map<String, String> BINARY_OPTIONS = Map.of("--threshold", "0.5", "--tversky-alpha", "0.3",
      "--tversky-beta", "0.7", "--focal-alpha", "0.8", "--focal-gamma", "2", "--combo-alpha", "0.5",
      "--combo-ce-ratio", "0.5", "--combo-eps", "1e-9");
  private static final Map<String, String> MULTICLASS_OPTIONS = Map.of("--num-classes", "3", "--ignore-index", "255",
      "--class-names", "a,b,c", "--class-names-file", "names.txt");

  @TempDir Path tmp;

  private CliRun evaluate(String task, String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--task", task, "--pred", tmp.resolve("pred").toString(),
        "--target", tmp.resolve("mask").toString(), "--output", tmp.resolve("out").toString(), "--overwrite"}, more));
  }

  private static void assertRefused(CliRun run, String line) {
    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("segeval: " + line, "Run 'segeval evaluate --help' for the options."), run.err().lines().toList());
  }

  /** A copy of conf/segeval.properties (every key at its documented default) with {@code more} lines. */
  private Path config(String... more) throws IOException {
    Path conf = tmp.resolve("segeval-" + Math.abs(String.join(",", more).hashCode()) + ".properties");
    Files.writeString(conf, Files.readString(ROOT.resolve("conf/segeval.properties")) + "\n" + String.join("\n", more)
        + "\n");
    return conf;
  }

  /** One 2×2 image of C classes: logits with the argmax at the target; targets 0, 255, 255, 1. */
  private void writeMulticlass(int classes) throws IOException {
    float[] logits = new float[classes * 4];
    byte[] target = {0, (byte) 255, (byte) 255, 1};
    for (int j = 0; j < 4; j++) {
      logits[(target[j] & 0xff) % classes * 4 + j] = 5;
    }
    Files.createDirectories(tmp.resolve("pred"));
    Files.createDirectories(tmp.resolve("mask"));
    Files.write(tmp.resolve("pred/img.npy"), NpyWriter.encodeFloat32(new int[] {classes, 2, 2}, logits));
    Files.write(tmp.resolve("mask/img.npy"), NpyTestWriter.encodeUint8(new int[] {2, 2}, target));
  }

  @Test
  void binaryOptionsOnTheCommandLineAreRefusedForMulticlass() {
    BINARY_OPTIONS.forEach((option, value) -> assertRefused(
        evaluate("multiclass", "--num-classes", "3", option, value), option + " is only for --task binary"));
  }

  @Test
  void multiclassOptionsOnTheCommandLineAreRefusedForBinary() {
    MULTICLASS_OPTIONS.forEach((option, value) -> assertRefused(evaluate("binary", option, value),
        option + " is only for --task multiclass"));
  }

  @Test
  void aConfigFileRefusesTheOtherTasksValuesButNotTheDocumentedDefaults() throws IOException {
    writeMulticlass(3);
    // the copied file holds every binary default (threshold = 0.5, ...) and ignore-index = 255
    CliRun copied = evaluate("multiclass", "--config", config("num-classes = 3", "focal-gamma = 2.0").toString());
    assertEquals(0, copied.exitCode(), copied.err());
    Path threshold = config("num-classes = 3", "threshold = 0.3");
    assertRefused(evaluate("multiclass", "--config", threshold.toString()),
        "--threshold is only for --task binary (threshold = 0.3 in --config " + threshold + ")");
    Path ignore = config("ignore-index = 0");
    assertRefused(evaluate("binary", "--config", ignore.toString()),
        "--ignore-index is only for --task multiclass (ignore-index = 0 in --config " + ignore + ")");
    Path classes = config("task = multiclass", "num-classes = 3");
    assertRefused(evaluate("binary", "--config", classes.toString()),
        "--num-classes is only for --task multiclass (num-classes = 3 in --config " + classes + ")");
  }

  @Test
  void aDefaultIgnoreIndexThatIsAClassIdMustBeGivenExplicitly() throws IOException {
    writeMulticlass(300);
    String refusal = "--num-classes 300 makes the default --ignore-index 255 a class id, whose pixels would be left"
        + " out: give --ignore-index explicitly (-1 if no target value is to be ignored)";
    assertRefused(evaluate("multiclass", "--num-classes", "300"), refusal);
    // a copy of conf/segeval.properties says ignore-index = 255 as every copy does: not a choice
    assertRefused(evaluate("multiclass", "--num-classes", "300", "--config", config().toString()), refusal);

    CliRun none = evaluate("multiclass", "--num-classes", "300", "--ignore-index", "-1");
    assertEquals(0, none.exitCode(), none.err());
    JsonNode all = CliRun.summary(tmp.resolve("out"));
    assertEquals(4, all.get("pixels").asLong());
    assertEquals(2, all.get("confusion_matrix").get(255).get(255).asLong());

    CliRun ignored = evaluate("multiclass", "--num-classes", "300", "--ignore-index", "255");
    assertEquals(0, ignored.exitCode(), ignored.err());
    JsonNode some = CliRun.summary(tmp.resolve("out"));
    assertEquals(2, some.get("pixels").asLong());
    assertEquals(255, some.get("ignore_index").asInt());
  }
}
