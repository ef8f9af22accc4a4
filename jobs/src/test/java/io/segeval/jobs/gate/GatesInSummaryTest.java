package io.segeval.jobs.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.output.SummaryJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * summary.json's {@code gates}, without Spark: every gate's outcome where it was checked (the run,
 * or each group's item), the missed ones in the run's {@code missed} with the stderr messages, and
 * a summary without gates byte for byte as before ({@code summary/grouped-without-gates.json} was
 * written by the code before gates were recorded, from {@link #grouped}).
 */
class GatesInSummaryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** bin_public's dataset dice and tp; precision null. */
  private static Map<String, Object> dataset() {
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("dice", 0.8188822184806182);
    dataset.put("precision", null);
    dataset.put("tp", 23482L);
    return dataset;
  }

  private static Summary run(long rejected) {
    Map<String, Object> mean = new LinkedHashMap<>();
    mean.put("dice", 0.685631155614186);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("smooth", 1.0);
    Summary.Rejected skipped = rejected == 0 ? Summary.Rejected.NONE : new Summary.Rejected(rejected,
        Map.of("cannot decode #", rejected), List.of(new Summary.Item("img_003", "/p/ck2/img_003.npy",
            "cannot decode 3", Map.of("pred_dir", "ck2"))), false);
    return new Summary("0.1.0", "binary", "logits", null, null, 31, 86111, params, "per-image", dataset(), mean, null,
        null, null, skipped, null, null, null);
  }

  /** Two checkpoints, ck2 with one record skipped. */
  private static Summary grouped() {
    Summary run = run(1);
    return run.withGroups(List.of("pred_dir"), List.of(
        new GroupSummary(Map.of("pred_dir", "ck1"), 16, 40000, 0, run.dataset(), run.perImageMean(), null, null),
        new GroupSummary(Map.of("pred_dir", "ck2"), 15, 46111, 1, run.dataset(), run.perImageMean(), null, null)));
  }

  private static JsonNode tree(Summary s) throws IOException {
    return JSON.readTree(SummaryJson.toJson(s));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GatesInSummaryTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRunWithoutGatesWritesTheSummaryAsBefore() throws IOException {
    Summary s = grouped();
    QualityGates none = QualityGates.parse(null, " ", EvalConfig.Task.BINARY);
    assertSame(s, none.withOutcomes(s));
    assertEquals(resource("/summary/grouped-without-gates.json"), SummaryJson.toJson(none.withOutcomes(s)));
  }

  @Test
  void aRunWithoutGroupsRecordsEveryGateItCheckedAndTheMissedOnesAsOnStderr() throws IOException {
    QualityGates gates = QualityGates.parse("dice=0.9,precision=0.5,images=16", "rejected=0,tp=30000",
        EvalConfig.Task.BINARY);
    Summary s = gates.withOutcomes(run(1));
    String dice = "{\"metric\":\"dice\",\"kind\":\"fail_under\",\"limit\":0.9,\"value\":0.8188822184806182,"
        + "\"passed\":false,\"message\":\"dice = 0.818882 is under the minimum 0.9 by 0.0811178\"}";
    String precision = "{\"metric\":\"precision\",\"kind\":\"fail_under\",\"limit\":0.5,\"value\":null,"
        + "\"reason\":\"undefined: its denominator is 0\",\"passed\":false,\"message\":\"precision is null (undefined:"
        + " its denominator is 0), so it cannot pass --fail-under precision=0.5\"}";
    String images = "{\"metric\":\"images\",\"kind\":\"fail_under\",\"limit\":16,\"value\":31,\"passed\":true}";
    String rejected = "{\"metric\":\"rejected\",\"kind\":\"fail_over\",\"limit\":0,\"value\":1,\"passed\":false,"
        + "\"message\":\"rejected = 1 is over the maximum 0 by 1\"}";
    String tp = "{\"metric\":\"tp\",\"kind\":\"fail_over\",\"limit\":30000,\"value\":23482,\"passed\":true}";
    assertEquals("{\"passed\":false,\"missed\":[" + dice + "," + precision + "," + rejected + "],\"checked\":["
        + dice + "," + precision + "," + images + "," + rejected + "," + tp + "]}", tree(s).get("gates").toString());
    assertEquals(List.of("dice = 0.818882 is under the minimum 0.9 by 0.0811178",
        "precision is null (undefined: its denominator is 0), so it cannot pass --fail-under precision=0.5",
        "rejected = 1 is over the maximum 0 by 1"), s.gates().missedMessages());
    assertEquals(gates.check(run(1)), s.gates().missedMessages(), "the history's gates_missed");

    Summary passed = QualityGates.parse("dice=0.8", null, EvalConfig.Task.BINARY).withOutcomes(run(0));
    assertEquals("{\"passed\":true,\"missed\":[],\"checked\":[{\"metric\":\"dice\",\"kind\":\"fail_under\","
        + "\"limit\":0.8,\"value\":0.8188822184806182,\"passed\":true}]}", tree(passed).get("gates").toString());
  }

  @Test
  void aGroupedRunRecordsEachGroupsGatesInItsItemAndEveryMissedOneInTheRuns() throws IOException {
    QualityGates gates = QualityGates.parse("dice=0.85", "rejected=0", EvalConfig.Task.BINARY);
    Summary s = gates.withOutcomes(grouped());
    JsonNode json = tree(s);
    String dice = "{\"metric\":\"dice\",\"kind\":\"fail_under\",\"limit\":0.85,\"value\":0.8188822184806182,"
        + "\"passed\":false,";
    String diceMessage = "dice = 0.818882 is under the minimum 0.85 by 0.0311178";
    assertEquals("{\"passed\":false,\"missed\":["
        + dice + "\"group\":{\"pred_dir\":\"ck1\"},\"message\":\"" + diceMessage + " (group pred_dir=ck1)\"},"
        + dice + "\"group\":{\"pred_dir\":\"ck2\"},\"message\":\"" + diceMessage + " (group pred_dir=ck2)\"},"
        + "{\"metric\":\"rejected\",\"kind\":\"fail_over\",\"limit\":0,\"value\":1,\"passed\":false,"
        + "\"group\":{\"pred_dir\":\"ck2\"},\"message\":\"rejected = 1 is over the maximum 0 by 1 (group pred_dir=ck2)\"}]}",
        json.get("gates").toString(), "the run's: every group's missed gates, in group order");
    assertEquals("{\"passed\":false,\"checked\":[" + dice + "\"message\":\"" + diceMessage + "\"},"
        + "{\"metric\":\"rejected\",\"kind\":\"fail_over\",\"limit\":0,\"value\":0,\"passed\":true}]}",
        json.get("groups").get(0).get("gates").toString());
    assertEquals("{\"passed\":false,\"checked\":[" + dice + "\"message\":\"" + diceMessage + "\"},"
        + "{\"metric\":\"rejected\",\"kind\":\"fail_over\",\"limit\":0,\"value\":1,\"passed\":false,"
        + "\"message\":\"rejected = 1 is over the maximum 0 by 1\"}]}",
        json.get("groups").get(1).get("gates").toString());
    // the stderr lines and the history's gates_missed, of the run and of each group
    assertEquals(gates.check(grouped()), s.gates().missedMessages());
    for (int i = 0; i < 2; i++) {
      assertEquals(GroupGates.missedBy(gates, grouped().groups().get(i)), s.groups().get(i).gates().missedMessages());
    }
    // and nothing else changed
    ((ObjectNode) json).remove("gates");
    json.get("groups").forEach(g -> ((ObjectNode) g).remove("gates"));
    assertEquals(JSON.readTree(resource("/summary/grouped-without-gates.json")), json);
  }
}
