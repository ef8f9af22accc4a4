package io.segeval.jobs.cli;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class names of {@code --class-names a,b,c} or {@code --class-names-file FILE} (one name per
 * line, in class-id order; surrounding spaces and trailing empty lines are dropped). Their count is
 * checked against {@code --num-classes} by {@link io.segeval.jobs.config.EvalConfig}.
 */
final class ClassNames {
  private ClassNames() {}

  /** The names, or null when neither option is given. */
  static List<String> read(String commaSeparated, String file) {
    if (commaSeparated != null && file != null) {
      throw new UsageException("give --class-names or --class-names-file, not both");
    }
    if (commaSeparated != null) {
      return Arrays.stream(commaSeparated.split(",", -1)).map(String::strip).toList();
    }
    if (file == null) {
      return null;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new UsageException("--class-names-file: cannot read " + file + ": " + e.getMessage());
    }
    List<String> names = new ArrayList<>();
    for (String line : lines) {
      names.add(line.replace("\uFEFF", "").strip());
    }
    while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
      names.remove(names.size() - 1);
    }
    return names;
  }
}
