package io.segeval.jobs.multiclass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.jobs.SegEvalMain;
import io.segeval.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs the command line in the test JVM's shared Spark session and reads what it wrote. */
final class JobRuns {
  private JobRuns() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Exit status and what went to stdout and stderr. */
  record Run(int exit, String out, String err) {}

  /** {@code SegEvalMain.run(args)}, with the shared session already up. */
  static synchronized Run run(String... args) {
    TestSpark.get();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = SegEvalMain.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    if (!run.err().isEmpty()) {
      oldErr.print(run.err());
    }
    return run;
  }

  /** An evaluate run of the multiclass task that must succeed; returns its OUTPUT folder. */
  static Path evaluate(Path pred, Path target, Path output, String... options) {
    List<String> args = new ArrayList<>(List.of("evaluate", "--task", "multiclass", "--num-classes", "5",
        "--pred", pred.toString(), "--target", target.toString(), "--output", output.toString(),
        "--per-image-format", "json"));
    args.addAll(List.of(options));
    Run run = run(args.toArray(new String[0]));
    if (run.exit() != 0) {
      throw new AssertionError("exit " + run.exit() + ": " + run.err());
    }
    return output;
  }

  static JsonNode summary(Path output) {
    try {
      return JSON.readTree(output.resolve("summary.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** OUTPUT/per_image/ written as JSON lines, by image_id. */
  static Map<String, JsonNode> perImage(Path output) {
    Map<String, JsonNode> rows = new TreeMap<>();
    try (var files = Files.list(output.resolve("per_image"))) {
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          if (!line.isBlank()) {
            JsonNode row = JSON.readTree(line);
            rows.put(row.get("image_id").asText(), row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
