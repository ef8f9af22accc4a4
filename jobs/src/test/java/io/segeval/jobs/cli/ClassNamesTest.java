package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --class-names} and {@code --class-names-file}: the names in class-id order, and every
 * mistake a usage error naming the option it came from (the file, and the line of an empty name).
 */
class ClassNamesTest {
  @TempDir Path tmp;

  private static String refusal(String commaSeparated, String file, int numClasses) {
    return assertThrows(UsageException.class, () -> ClassNames.read(commaSeparated, file, numClasses)).getMessage();
  }

  @Test
  void aFileGivesOneNamePerLineWithoutSpacesCarriageReturnsOrTrailingEmptyLines() throws IOException {
    Path file = Files.writeString(tmp.resolve("cityscapes.names"), "\uFEFFroad\r\n sidewalk \r\nbuilding\n\n\n");
    assertEquals(List.of("road", "sidewalk", "building"), ClassNames.read(null, file.toString(), 3));
    assertEquals(List.of("road", "car"), ClassNames.read("road, car", null, 2));
    assertNull(ClassNames.read(null, null, 19));
  }

  @Test
  void aWrongCountNamesTheFileItCameFrom() throws IOException {
    // a names file with an extra "unlabeled" line for the ignore label: 4 names for 3 classes
    Path file = Files.writeString(tmp.resolve("names.txt"), "road\ncar\nperson\nunlabeled\n");
    assertEquals("--class-names-file " + file + " has 4 names (one per line) but --num-classes is 3",
        refusal(null, file.toString(), 3));
    // all names on one line, comma-separated, as for --class-names
    Path oneLine = Files.writeString(tmp.resolve("one-line.txt"), "road,car,person\n");
    assertEquals("--class-names-file " + oneLine + " has 1 name (one per line) but --num-classes is 3",
        refusal(null, oneLine.toString(), 3));
    assertEquals("--class-names gives 2 names but --num-classes is 3", refusal("road,car", null, 3));
  }

  @Test
  void anEmptyNameIsNamedByItsLineOrItsClass() throws IOException {
    Path file = Files.writeString(tmp.resolve("names.txt"), "road\n\nperson\n");
    assertEquals("--class-names-file " + file + ": line 2, the name of class 1, is empty", refusal(null, file.toString(), 3));
    assertEquals("--class-names: the name of class 2 is empty", refusal("a,b, ,d", null, 4));
  }

  @Test
  void aFileThatCannotBeReadSaysWhyInWords() throws IOException {
    String missing = tmp.resolve("missing.names").toString();
    assertEquals("--class-names-file: no such file: " + missing, refusal(null, missing, 3));
    Path latin1 = Files.write(tmp.resolve("latin1.names"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
    assertEquals("--class-names-file: " + latin1 + " is not UTF-8 text", refusal(null, latin1.toString(), 2));
    assertEquals("give --class-names or --class-names-file, not both", refusal("a,b", missing, 2));
  }
}
