package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.jobs.lake.LakeRuns.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly run over checkpoints where one is unfinished (ckpt_20 lacks 2 of bin_public's 16
 * predictions): {@code --fail-over rejected=N} and {@code --fail-under images=N} flag that group
 * with exit 3 while every group's results and history rows are written; the wrong direction is
 * refused; without groups they gate the run.
 */
class CountGatesTest {
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir static Path tmp;
  private static Path finished; // ckpt_10: every prediction
  private static Path unfinished; // ckpt_20: img_003 and img_005 missing

  @BeforeAll
  static void twoCheckpoints() throws IOException {
    finished = SeveralPredFoldersTest.copyOfPredictions(tmp.resolve("preds/ckpt_10"));
    unfinished = SeveralPredFoldersTest.copyOfPredictions(tmp.resolve("preds/ckpt_20"));
    Files.delete(unfinished.resolve("img_003.npy"));
    Files.delete(unfinished.resolve("img_005.npy"));
  }

  /** A run of both checkpoints grouped by pred_dir, bad records skipped, into {@code history}. */
  private static String[] nightly(Path output, Path history, String... gates) {
    return CliRun.concat(new String[] {"evaluate", "--pred", finished + "," + unfinished, "--target",
        DATA.resolve("mask").toString(), "--group-by", "pred_dir", "--on-bad-record", "skip", "--history",
        history.toString(), "--output", output.toString()}, gates);
  }

  @Test
  void aMaximumOfRejectedFlagsTheUnfinishedCheckpointAndKeepsEveryGroup() {
    CliRun run = missedByCkpt20("rejected-gate", "rejected = 2 is over the maximum 0 by 2", "--fail-over", "rejected=0");
    assertTrue(run.out().lines().anyMatch(l -> l.matches("  ckpt_20 +14 +2 .*")),
        "the console's group line: images, skipped\n" + run.out());
    JsonNode s = CliRun.summary(tmp.resolve("rejected-gate"));
    assertEquals(2, s.get("rejected").get("count").asLong());
    assertEquals(0, group(s, "pred_dir", "ckpt_10").get("rejected").asLong());
    assertEquals(2, group(s, "pred_dir", "ckpt_20").get("rejected").asLong());
    assertTrue(group(s, "pred_dir", "ckpt_20").get("dataset").get("dice").isNumber());
    List<Row> metrics = TestSpark.get().read().parquet(tmp.resolve("rejected-gate/metrics").toString())
        .selectExpr("pred_dir", "images").orderBy("pred_dir").collectAsList();
    assertEquals("[[ckpt_10,16], [ckpt_20,14]]", metrics.toString());
  }

  @Test
  void aMinimumOfImagesFlagsTheUnfinishedCheckpointLikewise() {
    missedByCkpt20("images-gate", "images = 14 is under the minimum 15 by 1", "--fail-under", "images=15");
  }

  /**
   * The nightly run into OUTPUT {@code name} with {@code gate}, which only ckpt_20 misses, with
   * {@code message}: exit 3 and that one stderr line, both groups in summary.json, and the history
   * rows of the run and of both groups with their gates_missed and rejected.
   */
  private static CliRun missedByCkpt20(String name, String message, String... gate) {
    Path out = tmp.resolve(name);
    Path history = tmp.resolve(name + "-history");
    CliRun run = expect(3, nightly(out, history, gate));
    assertEquals(List.of("segeval: quality gate failed: " + message + " (group pred_dir=ckpt_20)"),
        run.err().lines().toList());
    JsonNode s = CliRun.summary(out);
    assertEquals(16, group(s, "pred_dir", "ckpt_10").get("images").asLong());
    assertEquals(14, group(s, "pred_dir", "ckpt_20").get("images").asLong());
    assertEquals(List.of("null [" + message + " (group pred_dir=ckpt_20)] 2", "ckpt_10 [] 0",
        "ckpt_20 [" + message + "] 2"), historyRows(history));
    // summary.json: each group's gate in its item, the missed one in the run's too, named by its group
    String metric = gate[1].split("=")[0];
    String kind = gate[0].substring(2).replace('-', '_');
    long limit = Long.parseLong(gate[1].split("=")[1]);
    long ck20 = metric.equals("images") ? 14 : 2;
    assertEquals("{\"passed\":true,\"checked\":[" + outcome(metric, kind, limit, metric.equals("images") ? 16 : 0)
        + "\"passed\":true}]}", group(s, "pred_dir", "ckpt_10").get("gates").toString());
    assertEquals("{\"passed\":false,\"checked\":[" + outcome(metric, kind, limit, ck20) + "\"passed\":false,"
        + "\"message\":\"" + message + "\"}]}", group(s, "pred_dir", "ckpt_20").get("gates").toString());
    assertEquals("{\"passed\":false,\"missed\":[" + outcome(metric, kind, limit, ck20) + "\"passed\":false,"
        + "\"group\":{\"pred_dir\":\"ckpt_20\"},\"message\":\"" + message + " (group pred_dir=ckpt_20)\"}]}",
        s.get("gates").toString());
    return run;
  }

  @Test
  void theWrongDirectionIsRefusedBeforeTheRun() {
    Path out = tmp.resolve("refused");
    CliRun under = expect(2, nightly(out, tmp.resolve("history-refused"), "--fail-under", "rejected=1"));
    assertEquals("segeval: --fail-under: rejected has a maximum only (the records skipped as bad); use --fail-over rejected=MAX",
        under.err().lines().findFirst().orElse(""));
    CliRun over = expect(2, nightly(out, tmp.resolve("history-refused"), "--fail-over", "images=10"));
    assertEquals("segeval: --fail-over: images has a minimum only (the images evaluated); use --fail-under images=MIN",
        over.err().lines().findFirst().orElse(""));
    assertTrue(Files.notExists(out));
  }

  @Test
  void withoutGroupsTheCountsOfTheRunAreGated() {
    String[] alone = {"evaluate", "--pred", unfinished.toString(), "--target", DATA.resolve("mask").toString(),
        "--on-bad-record", "skip"};
    CliRun missed = expect(3, CliRun.concat(alone, "--output", tmp.resolve("run-missed").toString(),
        "--fail-over", "rejected=1", "--fail-under", "images=16"));
    assertEquals(List.of("segeval: quality gate failed: images = 14 is under the minimum 16 by 2",
        "segeval: quality gate failed: rejected = 2 is over the maximum 1 by 1"), missed.err().lines().toList());
    JsonNode s = CliRun.summary(tmp.resolve("run-missed"));
    assertEquals(14, s.get("images").asLong());
    assertEquals("{\"passed\":false,\"missed\":[" + outcome("images", "fail_under", 16, 14) + "\"passed\":false,"
        + "\"message\":\"images = 14 is under the minimum 16 by 2\"}," + outcome("rejected", "fail_over", 1, 2)
        + "\"passed\":false,\"message\":\"rejected = 2 is over the maximum 1 by 1\"}],\"checked\":["
        + outcome("images", "fail_under", 16, 14) + "\"passed\":false,\"message\":\"images = 14 is under the minimum"
        + " 16 by 2\"}," + outcome("rejected", "fail_over", 1, 2) + "\"passed\":false,\"message\":\"rejected = 2 is"
        + " over the maximum 1 by 1\"}]}", s.get("gates").toString());
    expect(0, CliRun.concat(alone, "--output", tmp.resolve("run-passed").toString(), "--fail-over", "rejected=2",
        "--fail-under", "images=14"));
  }

  /** The JSON of a count gate's outcome up to its "passed" (whole numbers, as the counts are). */
  private static String outcome(String metric, String kind, long limit, long value) {
    return "{\"metric\":\"" + metric + "\",\"kind\":\"" + kind + "\",\"limit\":" + limit + ",\"value\":" + value + ",";
  }

  /** The history's rows, the run's first: "pred_dir gates_missed rejected". */
  private static List<String> historyRows(Path history) {
    return TestSpark.get().read().parquet(history.toString())
        .selectExpr("group_key['pred_dir'] AS dir", "gates_missed", "rejected").orderBy("dir").collectAsList().stream()
        .map(r -> r.get(0) + " " + r.getList(1) + " " + r.get(2)).toList();
  }
}
