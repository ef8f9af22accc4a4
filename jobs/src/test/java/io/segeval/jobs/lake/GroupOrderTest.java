package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One group order everywhere (docs/lake.md): summary.json's {@code groups}, {@code OUTPUT/metrics/},
 * the console and {@code OUTPUT/per_image/} list the groups by their typed values, a null last:
 * an int column 3 before 10 (not "10" before "3" as strings), a string column in code-point order
 * ("B" < "a" < "a b", where the groups' JSON keys would put "a b" before "a"), binary and multiclass.
 */
class GroupOrderTest {
  @TempDir static Path tmp;

  /** The packed arrays of {@code dataset} with {@code epoch} (int: 3, 10, null) and {@code site} (string). */
  private static Path tableWithGroupColumns(String dataset) {
    Path arrays = LakeRuns.pack(ReferenceData.dir(dataset), tmp.resolve(dataset + "-arrays"), "--as-arrays");
    Path table = tmp.resolve(dataset + "-grouped");
    // the last digit of the image_id picks the values, so that every value has images
    String digit = "CAST(substring(image_id, -1) AS INT)";
    TestSpark.get().read().parquet(arrays.toString())
        .withColumn("epoch", functions.expr("element_at(array(3, 10, CAST(NULL AS INT)), " + digit + " % 3 + 1)"))
        .withColumn("site", functions.expr("element_at(array('a', 'a b', 'B', CAST(NULL AS STRING)), " + digit
            + " % 4 + 1)"))
        .write().parquet(table.toString());
    return table;
  }

  /** Runs evaluate --group-by {@code column} and checks that every output lists {@code expected} in that order. */
  private static void assertOneOrder(Path table, String column, List<String> expected, String... task) {
    Path out = tmp.resolve(table.getFileName() + "-by-" + column);
    CliRun run = expect(0, CliRun.concat(CliRun.concat(new String[] {"evaluate", "--table", table.toString(),
        "--output", out.toString(), "--group-by", column, "--per-image-format", "json"}, task)));
    List<String> summary = new ArrayList<>();
    CliRun.summary(out).get("groups").forEach(g -> summary.add(text(g.get("key").get(column))));
    assertEquals(expected, summary, "summary.json groups");

    List<String> metrics = new ArrayList<>();
    for (Row r : TestSpark.get().read().parquet(out.resolve("metrics").toString()).collectAsList()) {
      metrics.add(r.isNullAt(r.fieldIndex(column)) ? null : String.valueOf(r.get(r.fieldIndex(column))));
    }
    assertEquals(expected, metrics, "metrics/");

    List<String> lines = run.out().lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("  by " + column + " (")).findFirst().orElseThrow());
    List<String> console = lines.subList(header + 2, header + 2 + expected.size()).stream()
        .map(l -> l.substring(2, 32).strip()).toList();
    assertEquals(expected.stream().map(v -> v == null ? "null" : v).toList(), console, "console");

    List<String> perImage = new ArrayList<>(); // each group's first appearance, in file order
    CliRun.jsonLines(out.resolve("per_image"), "image_id").values().forEach(row -> {
      String v = text(row.get(column));
      if (perImage.isEmpty() || !Objects.equals(perImage.get(perImage.size() - 1), v)) {
        perImage.add(v);
      }
    });
    assertEquals(expected, perImage, "per_image/ (each group once, in one run of rows)");
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText();
  }

  @Test
  void binaryGroupsComeInTheOrderOfTheirTypedValuesEverywhere() {
    Path table = tableWithGroupColumns("bin_public");
    assertOneOrder(table, "epoch", Arrays.asList("3", "10", null));
    assertOneOrder(table, "site", Arrays.asList("B", "a", "a b", null));
  }

  @Test
  void multiclassGroupsComeInTheOrderOfTheirTypedValuesEverywhere() {
    Path table = tableWithGroupColumns("mc_public");
    assertOneOrder(table, "epoch", Arrays.asList("3", "10", null), "--task", "multiclass", "--num-classes", "5");
    assertOneOrder(table, "site", Arrays.asList("B", "a", "a b", null), "--task", "multiclass", "--num-classes", "5");
  }
}
