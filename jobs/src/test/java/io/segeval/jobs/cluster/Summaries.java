package io.segeval.jobs.cluster;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Comparisons of summary.json files and per-image outputs. */
final class Summaries {
  private Summaries() {}

  /** Same images, pixels and rejections; every number of dataset and per_image_mean within {@code tol} (relative). */
  static void assertSameResults(JsonNode expected, JsonNode actual, double tol, String where) {
    assertEquals(expected.get("images").asLong(), actual.get("images").asLong(), where + " images");
    assertEquals(expected.get("pixels").asLong(), actual.get("pixels").asLong(), where + " pixels");
    assertEquals(expected.get("rejected").get("count").asLong(), actual.get("rejected").get("count").asLong(), where + " rejected");
    assertSection(expected.get("dataset"), actual.get("dataset"), tol, where + " dataset");
    assertSection(expected.get("per_image_mean"), actual.get("per_image_mean"), tol, where + " per_image_mean");
  }

  /** Every value of bin_public's expected.json (dataset, per_image_mean) within {@code tol}. */
  static void assertMatchesReference(JsonNode reference, JsonNode actual, double tol) {
    assertEquals(reference.get("images").asLong(), actual.get("images").asLong(), "images");
    assertEquals(reference.get("pixels").asLong(), actual.get("pixels").asLong(), "pixels");
    assertSection(reference.get("dataset"), actual.get("dataset"), tol, "dataset");
    assertSection(reference.get("per_image_mean"), actual.get("per_image_mean"), tol, "per_image_mean");
  }

  private static void assertSection(JsonNode expected, JsonNode actual, double tol, String where) {
    for (Map.Entry<String, JsonNode> e : expected.properties()) {
      JsonNode a = actual.get(e.getKey());
      String key = where + "." + e.getKey();
      if (e.getValue().isNull()) {
        assertTrue(a == null || a.isNull(), key + " should be null, is " + a);
      } else if (e.getValue().isIntegralNumber()) {
        assertEquals(e.getValue().asLong(), a.asLong(), key);
      } else {
        assertTrue(a != null && a.isNumber(), key + " missing");
        assertClose(e.getValue().asDouble(), a.asDouble(), tol, key);
      }
    }
  }

  static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The image_ids of a JSON per_image folder, checked to appear once each: every line of every
   * part file is one image, so an image counted twice would show here.
   */
  static Set<String> perImageIds(List<String> lines) {
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      String id = read(line).get("image_id").asText();
      assertTrue(ids.add(id), "image " + id + " appears twice in per_image/");
    }
    return ids;
  }

  static List<String> perImageLines(Path folder) {
    try (var files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .flatMap(p -> {
            try {
              return Files.readAllLines(p).stream().filter(l -> !l.isBlank());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
