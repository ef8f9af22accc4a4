package io.segeval.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run of the command line inside the test JVM (on the shared local[2] session). */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun of(String... args) {
    TestSpark.get(); // the job joins the shared session
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SegEvalMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  public static JsonNode summary(Path output) {
    try {
      return new ObjectMapper().readTree(output.resolve("summary.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON-lines part files of a Spark output folder, by the value of {@code key}. */
  public static Map<String, JsonNode> jsonLines(Path folder, String key) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    try (var files = Files.list(folder)) {
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        for (String line : Files.readAllLines(part)) {
          JsonNode row = mapper.readTree(line);
          rows.put(row.get(key).asText(), row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** args + more. */
  public static String[] concat(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }
}
