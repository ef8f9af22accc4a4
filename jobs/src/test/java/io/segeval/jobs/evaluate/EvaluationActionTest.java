package io.segeval.jobs.evaluate;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.cli.EvaluateCommand;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.output.SummaryJson;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code evaluate} action without the command line around it, as a scheduler or a notebook
 * calls it: a validated {@link EvalConfig} in, the immutable {@link Summary} out, asserted on
 * directly (the command-line tests read the same values back from summary.json).
 */
class EvaluationActionTest {
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir Path tmp;

  /** The configuration the command line would build from these arguments. */
  static EvalConfig config(String... args) {
    CommandLine cmd = SegEvalMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult parsed = cmd.parseArgs(CliRun.concat(new String[] {"evaluate"}, args));
    return ((EvaluateCommand) parsed.subcommand().commandSpec().userObject()).toConfig();
  }

  private EvalConfig binary(Path output, String... more) {
    return config(CliRun.concat(new String[] {"--pred", DATA.resolve("pred").toString(),
        "--target", DATA.resolve("mask").toString(), "--output", output.toString(),
        "--tversky-alpha", "0.3", "--tversky-beta", "0.7"}, more));
  }

  @Test
  void theReturnedSummaryHoldsTheReferenceValues() {
    Summary s = new Evaluation(TestSpark.get(), binary(tmp.resolve("out"), "--lovasz", "both")).run();
    assertEquals("binary", s.task());
    assertEquals("logits", s.input());
    assertEquals(16, s.images());
    assertEquals(EXPECTED.get("pixels").asLong(), s.pixels());
    assertEquals(0, s.rejected().count());
    assertNull(s.notComputable());
    for (Iterator<Map.Entry<String, JsonNode>> it = EXPECTED.get("dataset").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertClose(e.getValue().asDouble(), ((Number) s.dataset().get(e.getKey())).doubleValue(), 1e-9,
          "dataset." + e.getKey());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = EXPECTED.get("per_image_mean").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertClose(e.getValue().asDouble(), ((Number) s.perImageMean().get(e.getKey())).doubleValue(), 1e-9,
          "per_image_mean." + e.getKey());
    }
    // counts are exact integers, in the enum's order
    assertEquals(List.of(BinaryMetric.values()).stream().map(BinaryMetric::key).toList(), List.copyOf(s.dataset().keySet()));
    assertEquals(EXPECTED.get("dataset").get("tp").asLong(), s.dataset().get("tp"));
  }

  @Test
  void theSummaryIsImmutableAndIsWhatSummaryJsonHolds() throws IOException {
    Path out = tmp.resolve("out");
    Summary s = new Evaluation(TestSpark.get(), binary(out)).run();
    assertThrows(UnsupportedOperationException.class, () -> s.dataset().put("dice", 0.0));
    assertThrows(UnsupportedOperationException.class, () -> s.perImageMean().clear());
    assertThrows(UnsupportedOperationException.class, () -> s.params().put("smooth", 2.0));
    assertEquals(SummaryJson.toJson(s), Files.readString(out.resolve("summary.json")));
  }

  @Test
  void gatesAreCheckedOnTheReturnedSummary() {
    double dice = EXPECTED.get("dataset").get("dice").asDouble(); // 0.8189: under 0.99; iou 0.69, bce 0.16 pass
    EvalConfig cfg = binary(tmp.resolve("out"), "--fail-under", "dice=0.99,iou=0.01", "--fail-over", "bce=10");
    Summary s = new Evaluation(TestSpark.get(), cfg).run();
    List<String> missed = cfg.gates().check(s);
    assertEquals(1, missed.size(), missed.toString());
    assertEquals(missed, s.gates().missedMessages(), "the outcomes it returns, which summary.json holds");
    assertTrue(missed.get(0).matches("dice = 0\\.\\d+ is under the minimum 0\\.99 by 0\\.\\d+"), missed.get(0));
    assertClose(0.99 - dice, Double.parseDouble(missed.get(0).substring(missed.get(0).lastIndexOf(' ') + 1)), 1e-5,
        "the margin");
  }

  @Test
  void anInvalidConfigurationIsRefusedBeforeAnyWork() {
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> binary(tmp.resolve("out"), "--partitions", "-1"));
    assertTrue(e.getMessage().contains("--partitions must be >= 0"), e.getMessage());
    assertTrue(Files.notExists(tmp.resolve("out")));
  }
}
