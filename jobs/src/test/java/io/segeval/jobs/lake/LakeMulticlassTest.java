package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.assertSameValues;
import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.jobs.lake.LakeRuns.group;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mc_public packed into tables: arrays with a channels column, and NPY/PNG bytes from two "models"
 * grouped in one run, give the folders' numbers, per group too (confusion matrix, per-class values,
 * dataset-wide Lovász-softmax).
 */
class LakeMulticlassTest {
  private static final Path DATA = ReferenceData.dir("mc_public");
  private static final JsonNode EXPECTED = ReferenceData.expected("mc_public");

  @TempDir static Path tmp;
  private static JsonNode folders;

  static String[] evaluate(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate", "--task", "multiclass", "--num-classes", "5",
        "--output", output.toString(), "--lovasz", "both"}, more);
  }

  @BeforeAll
  static void runOnce() {
    Path out = tmp.resolve("folders");
    expect(0, evaluate(out, "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString()));
    folders = CliRun.summary(out);
    assertSameValues(EXPECTED.get("dataset"), folders.get("dataset"), 1e-9, "folders");
  }

  @Test
  void arraysTableGivesTheFolderNumbers() {
    Path table = LakeRuns.pack(DATA, tmp.resolve("arrays"), "--as-arrays");
    Path out = tmp.resolve("arrays-run");
    expect(0, evaluate(out, "--table", table.toString()));
    JsonNode s = CliRun.summary(out);
    assertEquals(10, s.get("images").asLong());
    for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
      assertSameValues(folders.get(section), s.get(section), 1e-12, section);
    }
    assertSameValues(EXPECTED.get("per_class"), s.get("per_class"), 1e-9, "per_class");
    assertSameValues(EXPECTED.get("confusion_matrix"), s.get("confusion_matrix"), 0, "confusion_matrix");
  }

  @Test
  void twoModelTablesGroupedGiveEachModelTheFolderNumbers() {
    Path a = LakeRuns.pack(DATA, tmp.resolve("model_a"), "--set", "model=a");
    Path b = LakeRuns.pack(DATA, tmp.resolve("model_b"), "--set", "model=b");
    Path out = tmp.resolve("grouped");
    expect(0, evaluate(out, "--table", a.toString(), "--table", b.toString(), "--group-by", "model"));
    JsonNode s = CliRun.summary(out);
    assertEquals(20, s.get("images").asLong());
    assertEquals(2 * folders.get("confusion_matrix").get(1).get(1).asLong(), s.get("confusion_matrix").get(1).get(1).asLong());
    for (String model : new String[] {"a", "b"}) {
      JsonNode g = group(s, "model", model);
      assertEquals(10, g.get("images").asLong());
      for (String section : new String[] {"dataset", "per_image_mean", "per_class", "confusion_matrix"}) {
        assertSameValues(folders.get(section), g.get(section), 1e-12, model + " " + section);
      }
    }
  }
}
