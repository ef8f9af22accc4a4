package io.segeval.jobs.multiclass;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.testing.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public multiclass reference dataset ({@code testdata/mc_public}: C = 5, 10 images, about
 * 5 % of the target pixels 255) through the command line: every value of its expected.json within
 * 1e-9 relative, and the same results whatever the number of partitions.
 */
class MulticlassPublicDataJobTest {
  private static final double REL = 1e-9;
  private static final List<String> NAMES = List.of("background", "road", "car", "person", "sky");

  @TempDir static Path tmp;
  private static final JsonNode EXPECTED = ReferenceData.expected("mc_public");
  private static final JsonNode PER_IMAGE_MIOU = perImageMiou();
  private static Path output;

  @BeforeAll
  static void evaluate() {
    Path data = ReferenceData.dir("mc_public");
    output = JobRuns.evaluate(data.resolve("pred"), data.resolve("mask"), tmp.resolve("default"),
        "--lovasz", "both", "--class-names", String.join(",", NAMES));
  }

  private static JsonNode perImageMiou() {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(ReferenceData.dir("mc_public").resolve("per_image_miou.json").toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void summaryReproducesExpectedJson() {
    JsonNode s = JobRuns.summary(output);
    assertEquals("multiclass", s.get("task").asText());
    assertEquals("logits", s.get("input").asText());
    assertEquals(5, s.get("num_classes").asInt());
    assertEquals(255, s.get("ignore_index").asInt());
    assertEquals(EXPECTED.get("images").asLong(), s.get("images").asLong());
    assertEquals(EXPECTED.get("pixels").asLong(), s.get("pixels").asLong());
    assertEquals(EXPECTED.get("confusion_matrix"), s.get("confusion_matrix"));
    for (Iterator<Map.Entry<String, JsonNode>> it = EXPECTED.get("per_class").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode actual = s.get("per_class").get(e.getKey());
      assertEquals(e.getValue().size(), actual.size(), e.getKey());
      for (int c = 0; c < actual.size(); c++) {
        assertClose(e.getValue().get(c).asDouble(), actual.get(c).asDouble(), REL, "per_class." + e.getKey() + "[" + c + "]");
      }
    }
    assertEquals(7, s.get("dataset").size());
    for (Iterator<Map.Entry<String, JsonNode>> it = EXPECTED.get("dataset").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertClose(e.getValue().asDouble(), s.get("dataset").get(e.getKey()).asDouble(), REL, "dataset." + e.getKey());
    }
    assertClose(EXPECTED.get("per_image_mean").get("lovasz_softmax_loss").asDouble(),
        s.get("per_image_mean").get("lovasz_softmax_loss").asDouble(), REL, "per_image_mean.lovasz_softmax_loss");
    assertEquals(0, s.get("rejected").get("count").asLong());
    assertTrue(s.get("not_computable") == null, "everything is computable from logits");
  }

  @Test
  void classNamesAreInTheSummaryAndTheConsoleTable() {
    JsonNode names = JobRuns.summary(output).get("class_names");
    assertEquals(NAMES.size(), names.size());
    for (int c = 0; c < NAMES.size(); c++) {
      assertEquals(NAMES.get(c), names.get(c).asText());
    }
  }

  @Test
  void perImageRowsReproduceExpectedJson() {
    Map<String, JsonNode> rows = JobRuns.perImage(output);
    JsonNode expected = EXPECTED.get("per_image");
    assertEquals(expected.size(), rows.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String id = e.getKey();
      JsonNode row = rows.get(id);
      JsonNode want = e.getValue();
      assertEquals(want.get("pixels").asLong(), row.get("pixels").asLong(), id);
      assertEquals(want.get("ignored").asLong(), row.get("ignored").asLong(), id);
      for (String key : List.of("ce", "lovasz_softmax_loss", "aacc")) {
        assertClose(want.get(key).asDouble(), row.get(key).asDouble(), REL, id + " " + key);
      }
      assertClose(PER_IMAGE_MIOU.get(id).asDouble(), row.get("miou").asDouble(), REL, id + " miou");
    }
  }

  @Test
  void resultsDoNotDependOnThePartitions() {
    Path data = ReferenceData.dir("mc_public");
    JsonNode reference = JobRuns.summary(output);
    Map<String, JsonNode> referenceRows = JobRuns.perImage(output);
    for (int partitions : new int[] {1, 5}) {
      Path out = JobRuns.evaluate(data.resolve("pred"), data.resolve("mask"), tmp.resolve("p" + partitions),
          "--lovasz", "both", "--partitions", Integer.toString(partitions));
      JsonNode s = JobRuns.summary(out);
      assertEquals(reference.get("confusion_matrix"), s.get("confusion_matrix"));
      assertSameNumbers(reference.get("dataset"), s.get("dataset"), "dataset", partitions);
      assertSameNumbers(reference.get("per_image_mean"), s.get("per_image_mean"), "per_image_mean", partitions);
      assertSameNumbers(reference.get("per_class"), s.get("per_class"), "per_class", partitions);
      Map<String, JsonNode> rows = JobRuns.perImage(out);
      assertEquals(referenceRows.keySet(), rows.keySet());
      for (String id : rows.keySet()) {
        assertSameNumbers(referenceRows.get(id), rows.get(id), id, partitions);
      }
    }
  }

  /** Every number in {@code a} equals the one at the same place in {@code b} within 1e-12. */
  static void assertSameNumbers(JsonNode a, JsonNode b, String where, int partitions) {
    if (a.isNumber()) {
      assertClose(a.asDouble(), b.asDouble(), 1e-12, where + " with --partitions " + partitions);
    } else if (a.isContainerNode()) {
      assertEquals(a.size(), b.size(), where);
      if (a.isArray()) {
        for (int i = 0; i < a.size(); i++) {
          assertSameNumbers(a.get(i), b.get(i), where + "[" + i + "]", partitions);
        }
      } else {
        a.fieldNames().forEachRemaining(k -> assertSameNumbers(a.get(k), b.get(k), where + "." + k, partitions));
      }
    } else {
      assertEquals(a, b, where);
    }
  }

  @Test
  void consoleShowsThePerClassTableSortedByIou() throws IOException {
    Path data = ReferenceData.dir("mc_public");
    Path names = Files.writeString(tmp.resolve("names.txt"), String.join("\n", NAMES) + "\n\n");
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "5",
        "--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString(),
        "--output", tmp.resolve("console").toString(), "--class-names-file", names.toString());
    assertEquals(0, run.exit(), run.err());
    List<String> table = run.out().lines().dropWhile(l -> !l.contains("per class, by IoU")).skip(2).limit(5).toList();
    // per_class.iou of expected.json: 0.896 (0), 0.566 (1), 0.862 (2), 0.806 (3), 0.814 (4)
    assertEquals(List.of("background", "car", "sky", "person", "road"),
        table.stream().map(l -> l.trim().split("\\s+")[1]).toList(), run.out());
    assertTrue(table.get(0).contains("0.8963"), table.get(0));
    assertEquals(NAMES.get(4), JobRuns.summary(tmp.resolve("console")).get("class_names").get(4).asText());
  }

  @Test
  void consoleTableHasNoNameColumnWithoutClassNames() throws IOException {
    Path data = ReferenceData.dir("mc_public");
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", "5",
        "--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString(),
        "--output", tmp.resolve("unnamed").toString());
    assertEquals(0, run.exit(), run.err());
    List<String> table = run.out().lines().dropWhile(l -> !l.contains("per class, by IoU")).skip(1).limit(2).toList();
    assertEquals(List.of("class", "iou", "dice", "acc", "precision", "target", "pixels"),
        List.of(table.get(0).trim().split("\\s+")), table.get(0));
    // best IoU first: class 0 (0.896), its IoU the second column
    assertEquals(List.of("0", "0.8963"), List.of(table.get(1).trim().split("\\s+")).subList(0, 2), table.get(1));
  }
}
