package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that append to one {@code --history} at the same time (checkpoints evaluated in parallel)
 * keep every row: each writes its own staging folder and moves its files in, where Spark's append
 * would share the table's {@code _temporary/}, which the first run to commit deletes.
 */
class ConcurrentHistoryTest {
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir static Path tmp;

  @Test
  void runsAppendingAtOnceKeepEveryRow() throws IOException {
    Path history = tmp.resolve("history");
    int runs = 4;
    List<CompletableFuture<Void>> running = IntStream.range(0, runs).mapToObj(i -> CompletableFuture.runAsync(() ->
        expect(0, "evaluate", "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString(),
            "--output", tmp.resolve("out-" + i).toString(), "--group-by", "image_dir",
            "--history", history.toString()))).toList();
    running.forEach(CompletableFuture::join);

    List<Row> rows = TestSpark.get().read().parquet(history.toString()).collectAsList();
    long groups = rows.stream().filter(r -> !r.isNullAt(r.fieldIndex("group_key"))).count();
    assertEquals(runs, rows.stream().map(r -> r.getAs("run_id")).distinct().count(), "a run id per run");
    assertEquals(rows.size() - runs, groups, "one run row per run");
    assertEquals(0, groups % runs, "each run the same groups");
    assertTrue(groups > 0);
    try (var names = Files.list(history)) {
      assertEquals(List.of("_segeval-task"),
          names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_")).toList(),
          "the task's marker, no staging folder or _temporary left");
    }
  }

  @Test
  void aPartitionFolderWithoutFilesYetIsNotTheOneChecked() throws IOException {
    // a run moving its file into a new date= partition makes the folder first: for that moment the
    // latest partition is empty, and a run starting then must check the task in the one before
    Path history = tmp.resolve("history-empty-latest");
    List<String> run = List.of("evaluate", "--pred", DATA.resolve("pred").toString(), "--target",
        DATA.resolve("mask").toString(), "--history", history.toString(), "--output");
    expect(0, concat(run, tmp.resolve("out-first").toString()));
    Files.createDirectories(history.resolve("date=9999-12-31"));
    expect(0, concat(run, tmp.resolve("out-second").toString()));
    assertEquals(2, TestSpark.get().read().parquet(history.toString()).count());
  }

  private static String[] concat(List<String> args, String last) {
    List<String> all = new ArrayList<>(args);
    all.add(last);
    return all.toArray(new String[0]);
  }
}
