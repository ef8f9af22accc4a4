package io.segeval.jobs.multiclass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.jobs.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** {@code SegEvalMain.run(out, err, args)} on the shared session ({@link CliRun}). */
  static Run run(String... args) {
    CliRun run = CliRun.of(args);
    if (!run.err().isEmpty()) {
      System.err.print(run.err());
    }
    return new Run(run.exitCode(), run.out(), run.err());
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
