package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marker of a history table's task is created once: of runs claiming a new table at the same
 * moment, all get the task of the one that created it.
 */
class HistoryTaskMarkerTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void ofRunsClaimingANewTableAtOnceOneTaskWins() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    int claimers = 8;
    ExecutorService threads = Executors.newFixedThreadPool(claimers);
    try {
      for (int round = 0; round < 25; round++) {
        Path table = new Path(tmp.resolve("table-" + round).toUri());
        CyclicBarrier start = new CyclicBarrier(claimers);
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
        String winner = HistoryTaskMarker.read(fs, table);
        assertEquals(List.of(winner), held.stream().distinct().toList(), "round " + round + ": every claim sees one task");
      }
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void aMarkerJustCreatedIsReadOnceItsWholeLineIsWritten() throws Exception {
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
}
