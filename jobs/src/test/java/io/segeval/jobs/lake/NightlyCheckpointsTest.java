package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.jobs.lake.LakeRuns.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly run over checkpoints packed one table each (deploy/nightly/nightly.properties'
 * {@code pack --set model=... --set checkpoint=...}): their parent folder is refused in one line
 * that gives the glob, the glob evaluates every checkpoint, and docs/lake.md's query compares the
 * checkpoints from the history with one row per night and group after a rerun.
 */
class NightlyCheckpointsTest {
  private static final Path DATA = ReferenceData.dir("bin_public");
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");
  private static final Path LAKE_MD = Path.of("").toAbsolutePath().getParent().resolve("docs/lake.md");

  @TempDir static Path tmp;
  private static Path predictions;

  @BeforeAll
  static void packTwoCheckpoints() {
    predictions = tmp.resolve("predictions");
    for (String checkpoint : List.of("ep10", "ep20")) {
      LakeRuns.pack(DATA, predictions.resolve("unet-" + checkpoint), "--set", "model=unet", "--set",
          "checkpoint=" + checkpoint);
    }
  }

  @Test
  void aFolderOfTablesIsRefusedInOneLineThatGivesTheGlob() throws IOException {
    Path out = tmp.resolve("refused");
    CliRun run = expect(1, "evaluate", "--table", predictions.toString(), "--output", out.toString());
    assertEquals(List.of("segeval: table " + predictions + " holds no parquet files, only 2 folder(s) (unet-ep10,"
        + " unet-ep20): to read the tables in them (one pack --output each), give a glob: --table '" + predictions
        + "/*'"), run.err().lines().toList());
    assertFalse(Files.exists(out));
    Path empty = Files.createDirectories(tmp.resolve("empty-table"));
    CliRun none = expect(1, "evaluate", "--table", empty.toString(), "--output", out.toString());
    assertEquals(List.of("segeval: table " + empty + " holds no parquet files"), none.err().lines().toList());
  }

  @Test
  void theDocumentedQueryGivesEachCheckpointsLatestRunOfTheNight() {
    Path history = tmp.resolve("history");
    String glob = predictions + "/*";
    Path first = tmp.resolve("night-1");
    expect(0, "evaluate", "--table", glob, "--group-by", "model,checkpoint", "--history", history.toString(),
        "--output", first.toString());
    JsonNode firstRun = CliRun.summary(first);
    for (String checkpoint : List.of("ep10", "ep20")) {
      JsonNode g = group(firstRun, "model", "unet", "checkpoint", checkpoint);
      assertEquals(16, g.get("images").asInt());
      assertEquals(EXPECTED.get("dataset").get("dice").asDouble(), g.get("dataset").get("dice").asDouble(), 1e-9);
      assertEquals(EXPECTED.get("dataset").get("hard_iou").asDouble(), g.get("dataset").get("hard_iou").asDouble(),
          1e-9);
    }
    // the retry of the same night, with another threshold: its hard_iou is the one the query keeps
    Path rerun = tmp.resolve("night-1-rerun");
    expect(0, "evaluate", "--table", glob, "--group-by", "model,checkpoint", "--history", history.toString(),
        "--threshold", "0.9", "--output", rerun.toString());
    double rerunHardIou = group(CliRun.summary(rerun), "checkpoint", "ep10").get("dataset").get("hard_iou").asDouble();
    assertNotEquals(EXPECTED.get("dataset").get("hard_iou").asDouble(), rerunHardIou, 1e-6);

    assertEquals(6L, TestSpark.get().read().parquet(history.toString()).count(), "two runs of 1 + 2 rows");
    List<Row> rows = TestSpark.get().sql(checkpointQuery().replace("/lake/segeval/history", history.toString()))
        .collectAsList();
    assertEquals(2, rows.size(), rows.toString());
    for (int i = 0; i < 2; i++) {
      Row r = rows.get(i);
      assertEquals("unet", r.getAs("model"));
      assertEquals(List.of("ep10", "ep20").get(i), r.getAs("checkpoint"));
      assertEquals(16L, (long) r.getAs("images"));
      assertEquals(rerunHardIou, (double) r.getAs("hard_iou"), 1e-12, "the rerun's value, not the first run's");
      assertEquals(EXPECTED.get("dataset").get("dice").asDouble(), (double) r.getAs("dice"), 1e-9);
    }
  }

  /** docs/lake.md's query that compares checkpoints across nights (the SQL block with row_number). */
  private static String checkpointQuery() {
    try {
      Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(LAKE_MD));
      while (m.find()) {
        if (m.group(1).contains("row_number()")) {
          return m.group(1);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("docs/lake.md has no query with row_number()");
  }
}
