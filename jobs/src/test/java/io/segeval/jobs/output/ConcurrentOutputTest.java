package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs into one OUTPUT at once (a rerun started while the scheduled run still goes): the
 * second run's start must not remove the first one's staging folder, which made the first commit
 * an OUTPUT without per_image/ (found running two nightly runs side by side).
 */
class ConcurrentOutputTest {
  @TempDir Path tmp;
  private final Configuration conf = new Configuration();

  @Test
  void aRunStartingBesideAnotherKeepsItsStagingFolderAndBothCommitWholeOutputs() throws IOException {
    String out = tmp.resolve("2026-11-30").toString();
    OutputDir first = OutputDir.prepare(out, true, conf);
    stagePart(first, "per_image", "first");

    OutputDir second = OutputDir.prepare(out, true, conf); // the rerun starts while the first runs
    stagePart(second, "per_image", "second");
    second.writeStaged(OutputDir.SUMMARY, "second");
    second.commit();

    first.writeStaged(OutputDir.SUMMARY, "first");
    first.commit(); // the last to finish replaces the other's output, whole
    assertEquals("first", Files.readString(tmp.resolve("2026-11-30/summary.json")));
    assertEquals("first", Files.readString(tmp.resolve("2026-11-30/per_image/part-0")));
    assertEquals(List.of(), hidden());
  }

  @Test
  void aStagingFolderUnchangedForADayIsADeadRunsAndRemoved() throws IOException {
    Path dead = Files.createDirectories(tmp.resolve(".out.segeval-staging-0000dead/per_image"));
    Files.writeString(dead.resolve("part-0"), "x");
    Path fresh = Files.createDirectories(tmp.resolve(".out.segeval-staging-0000beef/per_image"));
    FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofHours(25)));
    for (Path p : List.of(dead.resolve("part-0"), dead, dead.getParent())) {
      Files.setLastModifiedTime(p, dayAgo);
    }
    OutputDir.prepare(tmp.resolve("out").toString(), false, conf).abort();
    assertFalse(Files.exists(dead.getParent()));
    assertTrue(Files.exists(fresh), "a staging folder changed within a day may be a running run's");
  }

  @Test
  void aRunWhoseStagedPartWasRemovedMeanwhileCommitsNothing() throws IOException {
    Path old = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(old.resolve("summary.json"), "old");
    OutputDir run = OutputDir.prepare(old.toString(), true, conf);
    Path perImage = stagePart(run, "per_image", "new");
    run.writeStaged(OutputDir.SUMMARY, "new");
    try (var walk = Files.walk(perImage)) { // removed by hand, or by an older SegEval's start
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    UncheckedIOException e = assertThrows(UncheckedIOException.class, run::commit);
    assertTrue(e.getMessage().startsWith("cannot commit output file:" + old + ": per_image staged in file:" + tmp),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" is gone: the staging folder was removed while this run ran (by hand, or by an"
        + " older SegEval starting on the same --output); file:" + old + " is left as it was: run again"), e.getMessage());
    assertEquals("old", Files.readString(old.resolve("summary.json")));
  }

  /** Stages a folder part as Spark would write it: the folder with one file. */
  private static Path stagePart(OutputDir run, String name, String content) throws IOException {
    Path part = Path.of(java.net.URI.create(run.staged(name)));
    Files.createDirectories(part);
    Files.writeString(part.resolve("part-0"), content);
    return part;
  }

  private List<Path> hidden() throws IOException {
    try (var files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }
}
