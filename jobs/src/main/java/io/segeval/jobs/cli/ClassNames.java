package io.segeval.jobs.cli;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class names of {@code --class-names a,b,c} or {@code --class-names-file FILE} (one name per
 * line, in class-id order; surrounding spaces and trailing empty lines are dropped). Their count
 * must be {@code --num-classes} and no name may be empty: a mistake is a usage error naming the
 * option it came from (the file and its line for {@code --class-names-file}), e.g.
 * {@code --class-names-file cityscapes.names has 20 names (one per line) but --num-classes is 19}.
 * {@link io.segeval.jobs.config.EvalConfig} checks the same again for configurations built in code.
 */
final class ClassNames {
  private ClassNames() {}

  /** The names, or null when neither option is given; {@code numClasses} is {@code --num-classes}. */
  static List<String> read(String commaSeparated, String file, int numClasses) {
    if (commaSeparated != null && file != null) {
      throw new UsageException("give --class-names or --class-names-file, not both");
    }
    if (commaSeparated != null) {
      List<String> names = Arrays.stream(commaSeparated.split(",", -1)).map(String::strip).toList();
      requireCount(names, numClasses, "--class-names gives " + names.size() + (names.size() == 1 ? " name" : " names"));
      int empty = names.indexOf("");
      if (empty >= 0) {
        throw new UsageException("--class-names: the name of class " + empty + " is empty");
      }
      return names;
    }
    if (file == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String line : lines(file)) {
      names.add(line.replace("\uFEFF", "").strip());
    }
    while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
      names.remove(names.size() - 1);
    }
    requireCount(names, numClasses, "--class-names-file " + file + " has " + names.size()
        + (names.size() == 1 ? " name" : " names") + " (one per line)");
    int empty = names.indexOf("");
    if (empty >= 0) {
      throw new UsageException("--class-names-file " + file + ": line " + (empty + 1) + ", the name of class " + empty
          + ", is empty");
    }
    return names;
  }

  private static void requireCount(List<String> names, int numClasses, String given) {
    if (numClasses >= 2 && names.size() != numClasses) {
      throw new UsageException(given + " but --num-classes is " + numClasses);
    }
  }

  /** The file's lines; a file that cannot be read is a usage error saying why in words. */
  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("--class-names-file: no such file: " + file);
    } catch (AccessDeniedException e) {
      throw new UsageException("--class-names-file: permission denied: " + file);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UsageException("--class-names-file: " + file + " is not UTF-8 text");
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null || e.getMessage().equals(file) ? e.getClass().getSimpleName() : e.getMessage();
      throw new UsageException("--class-names-file: cannot read " + file + ": " + why);
    }
  }
}
