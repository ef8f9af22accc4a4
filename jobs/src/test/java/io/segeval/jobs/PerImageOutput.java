package io.segeval.jobs;

import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * {@code OUTPUT/per_image/} read back as written, in any of its formats, as one row per image_id
 * of column → value text ({@code String.valueOf} of the number, {@code "NaN"} for a NaN) or null
 * for a null: JSON from the lines' literals, CSV from the raw text (an empty field is null),
 * Parquet through the test session.
 */
public final class PerImageOutput {
  private PerImageOutput() {}

  /** The rows of {@code OUTPUT/per_image/} written as {@code format} (json, csv or parquet), by image_id. */
  public static Map<String, Map<String, String>> rows(Path output, String format) {
    Path folder = output.resolve("per_image");
    return switch (format) {
      case "json" -> fromJson(folder);
      case "csv" -> fromCsv(folder);
      case "parquet" -> fromParquet(folder);
      default -> throw new IllegalArgumentException(format);
    };
  }

  /** A row as {@link #rows} gives it: {@code key, value, key, value, ...}, values as objects or null. */
  public static Map<String, String> row(Object... keysAndValues) {
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      row.put((String) keysAndValues[i], v == null ? null : String.valueOf(v));
    }
    return row;
  }

  private static Map<String, Map<String, String>> fromJson(Path folder) {
    Map<String, Map<String, String>> rows = new TreeMap<>();
    CliRun.jsonLines(folder, "image_id").forEach((id, node) -> {
      Map<String, String> row = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      rows.put(id, row);
    });
    return rows;
  }

  /** Each part file starts with the header line; Spark writes a null as an empty field. */
  private static Map<String, Map<String, String>> fromCsv(Path folder) {
    Map<String, Map<String, String>> rows = new TreeMap<>();
    for (Path part : parts(folder)) {
      List<String> lines = readLines(part);
      if (lines.isEmpty()) {
        continue;
      }
      String[] header = lines.get(0).split(",", -1);
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.split(",", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], fields[i].isEmpty() ? null : fields[i]);
        }
        rows.put(row.get("image_id"), row);
      }
    }
    return rows;
  }

  private static Map<String, Map<String, String>> fromParquet(Path folder) {
    Map<String, Map<String, String>> rows = new TreeMap<>();
    var frame = TestSpark.get().read().parquet(folder.toString());
    String[] columns = frame.columns();
    for (Row r : frame.collectAsList()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.length; i++) {
        row.put(columns[i], r.isNullAt(i) ? null : String.valueOf(r.get(i)));
      }
      rows.put(row.get("image_id"), row);
    }
    return rows;
  }

  private static List<Path> parts(Path folder) {
    try (var files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
