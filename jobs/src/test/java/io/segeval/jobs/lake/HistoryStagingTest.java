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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --history} run deletes its {@code _segeval-staging-<run_id>} folder however its append
 * ends, and a run that appended removes the staging folders and marker files of dead runs
 * (unchanged for more than 24 h), never one that changed lately: its run may still be appending.
 */
class HistoryStagingTest {
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir Path tmp;

  @BeforeAll
  static void registerFileSystem() {
    FailingFileSystem.register(TestSpark.get().sparkContext().hadoopConfiguration());
  }

  @AfterEach
  void reset() {
    FailingFileSystem.fail(FailingFileSystem.Failure.NONE);
  }

  private CliRun evaluate(int code, String history, String output) {
    return expect(code, "evaluate", "--pred", DATA.resolve("pred").toString(), "--target",
        DATA.resolve("mask").toString(), "--output", tmp.resolve(output).toString(), "--history", history);
  }

  /**
   * Runs into {@code history} with {@code failure} injected, which must fail the append: exit 1
   * and one line naming the table and the storage's reason.
   */
  private void appendFailing(Path history, FailingFileSystem.Failure failure) {
    FailingFileSystem.fail(failure);
    CliRun run = evaluate(1, FailingFileSystem.uri(history), "out");
    assertEquals("segeval: cannot append to the history table " + FailingFileSystem.uri(history) + ": "
        + FailingFileSystem.REASON + " (the run's rows are not appended; its results are in file:"
        + tmp.resolve("out") + ")\n", run.err());
  }

  @Test
  void aRunWhoseRowsSparkCannotCommitLeavesNoStagingFolder() throws IOException {
    Path history = tmp.resolve("history");
    appendFailing(history, FailingFileSystem.Failure.SPARK_COMMIT);
    assertEquals(List.of("_segeval-task"), names(history), "the task claimed, no staging folder, no rows");
  }

  @Test
  void aRunThatCannotMoveItsFileInLeavesNoStagingFolder() throws IOException {
    Path history = tmp.resolve("history");
    appendFailing(history, FailingFileSystem.Failure.MOVE_INTO_TABLE);
    try (Stream<Path> partitions = Files.list(history).filter(p -> p.getFileName().toString().startsWith("date="))) {
      for (Path partition : partitions.toList()) {
        assertEquals(List.of(), names(partition), "no rows moved in");
      }
    }
    assertTrue(names(history).stream().noneMatch(n -> n.startsWith("_segeval-staging-")), names(history).toString());

    FailingFileSystem.fail(FailingFileSystem.Failure.NONE);
    evaluate(0, FailingFileSystem.uri(history), "out-next");
    assertEquals(1, TestSpark.get().read().parquet(history.toString()).count(), "the next run's row only");
  }

  @Test
  void aRunThatAppendedRemovesDeadStagingFoldersAndKeepsLiveOnes() throws IOException {
    Path history = tmp.resolve("history");
    Instant old = Instant.now().minus(Duration.ofHours(25));
    Path dead = stagingFolder(history, "dead", old, old);
    Path fresh = stagingFolder(history, "fresh", Instant.now(), Instant.now());
    // an old folder whose run wrote a file into it just now: that run may still be appending
    Path writing = stagingFolder(history, "writing", old, Instant.now());
    // the files a run writes a new table's marker line into, left by runs killed before they renamed them
    Path deadMarker = Files.writeString(history.resolve("_segeval-staging-dead.task"), "multiclass\n");
    Files.setLastModifiedTime(deadMarker, FileTime.from(old));
    Files.writeString(history.resolve("_segeval-staging-fresh.task"), "multiclass\n");

    evaluate(0, history.toString(), "out");
    assertEquals(List.of("_segeval-staging-fresh", "_segeval-staging-fresh.task", "_segeval-staging-writing",
        "_segeval-task"), names(history).stream().filter(n -> n.startsWith("_")).toList());
    assertEquals("binary\n", Files.readString(history.resolve("_segeval-task")), "the run's own marker");
    assertTrue(Files.notExists(dead));
    assertTrue(Files.exists(fresh.resolve("date=2025-06-01/part-0.parquet")));
    assertTrue(Files.exists(writing.resolve("date=2025-06-01/part-0.parquet")));
    assertEquals(1, TestSpark.get().read().parquet(history.toString()).count(), "the run's row");
  }

  /**
   * {@code _segeval-staging-<name>/date=2025-06-01/part-0.parquet} in {@code history}: the folders
   * last modified at {@code folders}, the file at {@code file}.
   */
  private static Path stagingFolder(Path history, String name, Instant folders, Instant file) throws IOException {
    Path staging = history.resolve("_segeval-staging-" + name);
    Path partition = Files.createDirectories(staging.resolve("date=2025-06-01"));
    Files.setLastModifiedTime(Files.write(partition.resolve("part-0.parquet"), new byte[] {1}), FileTime.from(file));
    Files.setLastModifiedTime(partition, FileTime.from(folders));
    Files.setLastModifiedTime(staging, FileTime.from(folders));
    return staging;
  }

  /** The names in {@code folder} but checksums ({@code .crc}), sorted. */
  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }
}
