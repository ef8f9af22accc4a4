package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history table holds one task's rows: a binary and a multiclass run that both start on a new
 * table (both pass the check before any work) race to make its {@code _segeval-task} marker before
 * they commit OUTPUT, and the one that loses writes nothing, neither OUTPUT nor rows (exit 1,
 * naming the table and both tasks). A
 * table made before the marker existed gets one on its next run, and is checked by its rows until
 * then.
 */
class HistoryTaskRaceTest {
  private static final Path BIN = ReferenceData.dir("bin_public");
  private static final Path MC = ReferenceData.dir("mc_public");

  @TempDir Path tmp;

  private String[] binary(Path history, String output) {
    return new String[] {"evaluate", "--pred", BIN.resolve("pred").toString(), "--target", BIN.resolve("mask").toString(),
        "--output", tmp.resolve(output).toString(), "--history", history.toString()};
  }

  private String[] multiclass(Path history, String output) {
    return new String[] {"evaluate", "--task", "multiclass", "--num-classes", "5", "--pred",
        MC.resolve("pred").toString(), "--target", MC.resolve("mask").toString(), "--output",
        tmp.resolve(output).toString(), "--history", history.toString()};
  }

  @Test
  void aBinaryAndAMulticlassRunMakingOneNewHistoryAtOnceAppendOneTaskOnly() throws Exception {
    Path history = tmp.resolve("history");
    Map<String, String[]> runs = Map.of("binary", binary(history, "out-binary"), "multiclass",
        multiclass(history, "out-multiclass"));
    CyclicBarrier start = new CyclicBarrier(runs.size());
    ExecutorService threads = Executors.newFixedThreadPool(runs.size());
    Map<String, Future<CliRun>> running;
    try {
      running = Map.of("binary", threads.submit(() -> startTogether(start, runs.get("binary"))),
          "multiclass", threads.submit(() -> startTogether(start, runs.get("multiclass"))));
    } finally {
      threads.shutdown();
    }
    CliRun binaryRun = running.get("binary").get();
    CliRun multiclassRun = running.get("multiclass").get();
    assertEquals(List.of(0, 1), Stream.of(binaryRun.exitCode(), multiclassRun.exitCode()).sorted().toList(),
        "one run appends, the other is refused\n" + binaryRun.err() + multiclassRun.err());
    String winner = binaryRun.exitCode() == 0 ? "binary" : "multiclass";
    String loser = winner.equals("binary") ? "multiclass" : "binary";
    CliRun lost = winner.equals("binary") ? multiclassRun : binaryRun;
    assertEquals("segeval: --history " + history + " became a " + winner + " history while this " + loser
        + " run ran (a " + winner + " run claimed it first; its _segeval-task says so): nothing of this run is"
        + " written, no OUTPUT and no history rows; keep one history table per task\n", lost.err());
    // the loser found out before it committed OUTPUT: no OUTPUT, nor its hidden staging folder
    assertEquals(List.of("history", "out-" + winner), names(tmp), "the winner's OUTPUT only");

    List<String> tasks = TestSpark.get().read().parquet(history.toString()).select("task").distinct()
        .as(Encoders.STRING()).collectAsList();
    assertEquals(List.of(winner), tasks, "only the winner's rows");
    assertEquals(winner + "\n", Files.readString(history.resolve("_segeval-task")));
    assertEquals(List.of("_segeval-task"), hidden(history), "no staging folder left");
  }

  private static CliRun startTogether(CyclicBarrier start, String[] args) throws Exception {
    start.await();
    return CliRun.of(args);
  }

  @Test
  void aHistoryMadeBeforeTheMarkerIsCheckedByItsRowsAndGetsTheMarkerOnItsNextRun() throws IOException {
    Path history = tmp.resolve("legacy");
    expect(0, binary(history, "first"));
    Files.delete(history.resolve("_segeval-task")); // as a table made before the marker

    CliRun byRows = expect(2, multiclass(history, "refused-by-rows"));
    assertTrue(byRows.err().startsWith("segeval: --history " + history + " holds binary runs (date="), byRows.err());
    assertTrue(byRows.err().contains("this run is multiclass: keep one history table per task"), byRows.err());

    expect(0, binary(history, "second"));
    assertEquals("binary\n", Files.readString(history.resolve("_segeval-task")));
    CliRun byMarker = expect(2, multiclass(history, "refused-by-marker"));
    assertEquals("segeval: --history " + history + " holds binary runs (_segeval-task), this run is multiclass:"
        + " keep one history table per task, their metric columns differ\n", byMarker.err());
    assertEquals(2, TestSpark.get().read().parquet(history.toString()).count());
  }

  @Test
  void anEmptyMarkerOfAnOlderSegEvalStopsARunBeforeAnyWork() throws IOException {
    Path history = Files.createDirectories(tmp.resolve("empty-marker"));
    Files.createFile(history.resolve("_segeval-task")); // an older SegEval's run killed between create and write
    CliRun run = expect(1, binary(history, "refused"));
    assertEquals("segeval: cannot append to the history table " + history + ": " + history + "/_segeval-task holds"
        + " no whole line after 10 s (a run that created it before writing its line stopped in between: an older"
        + " SegEval, or one on a mount without hard links); delete it when no run is appending to " + history + " (nothing of the run is written: no"
        + " OUTPUT, no history rows)\n", run.err());
    assertEquals(List.of("empty-marker"), names(tmp), "no OUTPUT");
  }

  /** The names in {@code folder} starting with _ (checksums, .crc, aside), sorted. */
  private static List<String> hidden(Path folder) throws IOException {
    return names(folder).stream().filter(n -> n.startsWith("_")).toList();
  }

  /** The names in {@code folder}, sorted. */
  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
