package io.segeval.jobs.multiclass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --group-by} group whose every record is skipped as bad: it is still a group (0 images,
 * null metrics, its skipped count), it misses every quality gate, and the history says how many
 * of its records were skipped.
 */
class SkippedGroupTest {
  @TempDir Path tmp;

  @Test
  void aGroupOfOnlyBadRecordsIsAGroupThatMissesItsGates() throws IOException {
    Path data = ReferenceData.dir("mc_public");
    Path pred = Files.createDirectories(tmp.resolve("pred/broken"));
    Path mask = Files.createDirectories(tmp.resolve("mask/broken"));
    List<String> ids = List.of("img_000", "img_001", "img_002", "img_003", "img_004", "img_005", "img_006");
    for (String id : ids) {
      Files.copy(data.resolve("pred/" + id + ".npy"), tmp.resolve("pred/" + id + ".npy"));
      Files.copy(data.resolve("mask/" + id + ".png"), tmp.resolve("mask/" + id + ".png"));
    }
    for (String id : List.of("img_007", "img_008", "img_009")) { // truncated predictions
      Files.write(pred.resolve(id + ".npy"), Arrays.copyOf(Files.readAllBytes(data.resolve("pred/" + id + ".npy")), 100));
      Files.copy(data.resolve("mask/" + id + ".png"), mask.resolve(id + ".png"));
    }
    Path out = tmp.resolve("out");
    Path history = tmp.resolve("history");
    CliRun run = CliRun.of("evaluate", "--task", "multiclass", "--num-classes", "5", "--pred", tmp.resolve("pred").toString(),
        "--target", tmp.resolve("mask").toString(), "--output", out.toString(), "--group-by", "image_dir",
        "--on-bad-record", "skip", "--fail-under", "miou=0.1", "--history", history.toString());
    assertEquals(3, run.exitCode(), run.err());
    assertEquals(List.of("segeval: quality gate failed: miou: no image was evaluated (all skipped as bad records), so it"
        + " cannot pass --fail-under miou=0.1 (group image_dir=broken)"), run.err().lines().toList());

    JsonNode s = CliRun.summary(out);
    assertEquals(3, s.get("rejected").get("count").asLong());
    JsonNode good = s.get("groups").get(0);
    JsonNode broken = s.get("groups").get(1);
    assertEquals("{\"image_dir\":\"\"}", good.get("key").toString());
    assertEquals(7, good.get("images").asLong());
    assertEquals(0, good.get("rejected").asLong());
    assertEquals("{\"image_dir\":\"broken\"}", broken.get("key").toString());
    assertEquals(0, broken.get("images").asLong());
    assertEquals(3, broken.get("rejected").asLong());
    assertTrue(broken.get("dataset").get("miou").isNull(), broken.toString());
    // summary.json's gates: the gate read no value in broken (null, saying why), and miou in the other group
    String noImage = "miou: no image was evaluated (all skipped as bad records), so it cannot pass --fail-under miou=0.1";
    assertEquals("{\"passed\":false,\"checked\":[{\"metric\":\"miou\",\"kind\":\"fail_under\",\"limit\":0.1,"
        + "\"value\":null,\"reason\":\"no image was evaluated (all skipped as bad records)\",\"passed\":false,"
        + "\"message\":\"" + noImage + "\"}]}", broken.get("gates").toString());
    assertEquals(good.get("dataset").get("miou"), good.get("gates").get("checked").get(0).get("value"));
    assertTrue(good.get("gates").get("passed").asBoolean());
    assertEquals(noImage + " (group image_dir=broken)", s.get("gates").get("missed").get(0).get("message").asText());

    // the history's rows: the run's, then the groups', each with its skipped records and missed gates
    List<Row> rows = TestSpark.get().read().parquet(history.toString())
        .selectExpr("group_key['image_dir'] AS dir", "images", "rejected", "gates_missed").orderBy("dir").collectAsList();
    String missed = "miou: no image was evaluated (all skipped as bad records), so it cannot pass --fail-under miou=0.1";
    assertEquals(List.of(List.of("null", "7", "3", List.of(missed + " (group image_dir=broken)")),
        List.of("", "7", "0", List.of()), List.of("broken", "0", "3", List.of(missed))),
        rows.stream().map(r -> List.of(String.valueOf(r.getString(0)), String.valueOf(r.getLong(1)),
            String.valueOf(r.getLong(2)), r.getList(3))).toList());
  }
}
