package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.SegEvalVersion;
import io.segeval.jobs.cli.EvaluateCommand;
import io.segeval.jobs.config.EvalConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link HistoryRows} without Spark: a run's row and its group's, value for value in the order of
 * the history's schema.
 */
class HistoryRowsTest {
  @TempDir Path tmp;

  private static EvalConfig config(String... args) {
    CommandLine cmd = SegEvalMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult parsed = cmd.parseArgs(args);
    return ((EvaluateCommand) parsed.subcommand().commandSpec().userObject()).toConfig();
  }

  private static Map<String, Object> values(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  @Test
  void theRunsRowThenEachGroupsInTheSchemasOrder() throws Exception {
    Path pred = Files.createDirectories(tmp.resolve("pred"));
    Path mask = Files.createDirectories(tmp.resolve("mask"));
    EvalConfig config = config("evaluate", "--pred", pred.toString(), "--target", mask.toString(),
        "--output", "/out/run-7", "--history", tmp.resolve("history").toString(), "--group-by", "image_dir");
    GroupSummary group = new GroupSummary(Map.of("image_dir", "a"), 1, 4, 2, values("dice", 0.5, "tp", 3L),
        values("dice", 0.25), null, null);
    Summary summary = new Summary("0.1.0", "binary", "logits", null, null, 2, 8, values("threshold", 0.5), "per-image",
        values("dice", 0.75, "tp", 6L), values("dice", 0.625), null, null, null, Summary.Rejected.NONE, null,
        List.of("image_dir"), List.of(group));
    Instant started = Instant.parse("2026-11-30T23:59:30Z");

    List<Row> rows = HistoryRows.of(new Configuration(), config, List.of(pred.toString()), summary, "run-id-1", started,
        "file:/out/run-7");
    StructType schema = HistoryRows.schema(summary);

    assertEquals(List.of("run_id", "start_time", "segeval_version", "task", "input", "inputs", "output", "parameters",
        "group_key", "rejected", "gates_missed", "images", "pixels", "dice", "tp", "per_image_mean_dice", "date"),
        Arrays.asList(schema.fieldNames()));
    assertEquals(2, rows.size());
    Row run = rows.get(0);
    assertEquals(List.of("run-id-1", Timestamp.from(started), SegEvalVersion.VERSION, "binary", "logits",
        "file:" + pred + " and file:" + mask, "file:/out/run-7"), List.of(run.get(0), run.get(1), run.get(2), run.get(3),
        run.get(4), run.get(5), run.get(6)));
    assertEquals(Map.of("threshold", 0.5, "lovasz", "per-image", "group_by", List.of("image_dir")),
        new ObjectMapper().readValue(run.getString(7), Map.class));
    assertNull(run.get(8));
    assertEquals(0L, run.get(9));
    assertNull(run.get(10)); // no gates
    assertEquals(List.of(2L, 8L, 0.75, 6L, 0.625, "2026-11-30"), List.of(run.get(11), run.get(12), run.get(13),
        run.get(14), run.get(15), run.get(16)));

    Row a = rows.get(1);
    assertEquals(run.getString(0), a.getString(0));
    assertEquals(run.getString(5), a.getString(5));
    assertEquals(Map.of("image_dir", "a"), scala.jdk.javaapi.CollectionConverters.asJava(
        (scala.collection.Map<?, ?>) a.get(8)));
    assertEquals(List.of(2L, 1L, 4L, 0.5, 3L, 0.25, "2026-11-30"), List.of(a.get(9), a.get(11), a.get(12), a.get(13),
        a.get(14), a.get(15), a.get(16)));
    assertEquals(schema.size(), run.size());
    assertEquals(schema.size(), a.size());
  }
}
