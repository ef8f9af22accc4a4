package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marker of a history table's task is created once, with its line: of runs claiming a new
 * table at the same moment, all get the task of the one that created it, no reader ever sees the
 * marker without its line, and the files the line was written into first are gone.
 */
class HistoryTaskMarkerTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void ofRunsClaimingANewTableAtOnceOneTaskWinsWithItsLineFromTheStart() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    int claimers = 8;
    ExecutorService threads = Executors.newFixedThreadPool(claimers + 1);
    try {
      for (int round = 0; round < 25; round++) {
        java.nio.file.Path folder = tmp.resolve("table-" + round);
        Path table = new Path(folder.toUri());
        CyclicBarrier start = new CyclicBarrier(claimers + 1);
        AtomicBoolean claiming = new AtomicBoolean(true);
        // reads the marker as often as it can while the claims run: every content it sees, raw
        Future<Set<String>> seen = threads.submit(() -> {
          Set<String> contents = ConcurrentHashMap.newKeySet();
          start.await();
          while (claiming.get()) {
            try {
              contents.add(Files.readString(folder.resolve(HistoryTaskMarker.NAME)));
            } catch (NoSuchFileException e) {
              // not made yet
            }
          }
          return contents;
        });
        List<Future<String>> claims = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
          String task = i % 2 == 0 ? "binary" : "multiclass";
          claims.add(threads.submit(() -> {
            start.await();
            return HistoryTaskMarker.claim(fs, table, task);
          }));
        }
        List<String> held = new ArrayList<>();
        for (Future<String> claim : claims) {
          held.add(claim.get());
        }
        claiming.set(false);
        String winner = HistoryTaskMarker.read(fs, table);
        assertEquals(List.of(winner), held.stream().distinct().toList(), "round " + round + ": every claim sees one task");
        for (String content : seen.get()) {
          assertEquals(winner + "\n", content, "round " + round + ": the marker is never seen without its line");
        }
        assertEquals(List.of(HistoryTaskMarker.NAME), names(folder), "round " + round + ": no file staged for it left");
      }
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void aClaimOfATableWithAMarkerKeepsItsTask() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path table = new Path(tmp.toUri());
    assertEquals("multiclass", HistoryTaskMarker.claim(fs, table, "multiclass"));
    assertEquals("multiclass", HistoryTaskMarker.claim(fs, table, "binary"));
    assertEquals("multiclass\n", Files.readString(tmp.resolve(HistoryTaskMarker.NAME)));
    assertEquals(List.of(HistoryTaskMarker.NAME), names(tmp));
  }

  @Test
  void aRunKilledBeforeItsLineTookTheMarkersNameLeavesNoMarker() throws IOException {
    // what a run killed between writing the line and linking it leaves: the staged file only
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path table = new Path(tmp.toUri());
    Files.writeString(tmp.resolve("_segeval-staging-killed.task"), "binary\n");
    assertNull(HistoryTaskMarker.read(fs, table), "no marker: the next run claims the table");
    assertEquals("multiclass", HistoryTaskMarker.claim(fs, table, "multiclass"));
    assertEquals("multiclass\n", Files.readString(tmp.resolve(HistoryTaskMarker.NAME)));
  }

  @Test
  void anOlderSegEvalsMarkerJustCreatedIsReadOnceItsWholeLineIsWritten() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path table = new Path(tmp.toUri());
    assertNull(HistoryTaskMarker.read(fs, table), "no marker yet");
    java.nio.file.Path marker = Files.createFile(tmp.resolve(HistoryTaskMarker.NAME));
    Thread writer = new Thread(() -> {
      try {
        Thread.sleep(200);
        Files.writeString(marker, "multi"); // a line being written
        Thread.sleep(200);
        Files.writeString(marker, "multiclass\n");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    assertEquals("multiclass", HistoryTaskMarker.read(fs, table));
    writer.join();
  }

  @Test
  void anOlderSegEvalsMarkerLeftEmptyIsRefusedAfterTenSeconds() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path table = new Path(tmp.toUri());
    Files.createFile(tmp.resolve(HistoryTaskMarker.NAME));
    long started = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> HistoryTaskMarker.claim(fs, table, "binary"));
    assertTrue(System.nanoTime() - started >= 10_000_000_000L, "waited 10 s");
    assertEquals(new Path(table, HistoryTaskMarker.NAME) + " holds no whole line after 10 s (a run that created"
        + " it before writing its line stopped in between: an older SegEval, or one on a mount without hard links);"
        + " delete it when no run is appending to " + table,
        e.getMessage());
    assertEquals("", Files.readString(tmp.resolve(HistoryTaskMarker.NAME)), "left as it was");
  }

  /** The names in {@code folder}, sorted. */
  private static List<String> names(java.nio.file.Path folder) throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The way on a mount without hard links: create-if-absent, then the line; a second create finds it. */
  @Test
  void withoutHardLinksTheMarkerIsCreatedIfAbsentWithItsLine() throws Exception {
    java.nio.file.Path marker = tmp.resolve(HistoryTaskMarker.NAME);
    assertTrue(HistoryTaskMarker.createNewWithLine(marker, "binary\n".getBytes(StandardCharsets.UTF_8)));
    assertFalse(HistoryTaskMarker.createNewWithLine(marker,
        "multiclass\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("binary\n", Files.readString(marker));
    assertEquals("binary", HistoryTaskMarker.read(FileSystem.getLocal(new Configuration()), new Path(tmp.toUri())));
  }
}
