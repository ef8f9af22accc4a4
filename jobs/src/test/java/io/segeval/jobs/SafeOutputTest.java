package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.demo.DemoDataset;
import io.segeval.jobs.output.OutputDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed at any moment leaves the complete old output or the complete new one. */
class SafeOutputTest {
  @TempDir Path tmp;

  @Test
  void aJobKilledWhileWritingLeavesTheOldOutputIntact() throws Exception {
    DemoDataset.write(tmp.resolve("data"), 160, 5L, 192);
    Path out = tmp.resolve("out");
    CliRun first = CliRun.of("evaluate", "--pred", tmp.resolve("data/pred").toString(),
        "--target", tmp.resolve("data/mask").toString(), "--output", out.toString(), "--partitions", "2");
    assertEquals(0, first.exitCode(), first.err());
    String oldSummary = Files.readString(out.resolve("summary.json"));
    List<String> oldParts = parts(out.resolve("per_image"));

    // The same job with other parameters in a JVM of its own, killed (SIGKILL) as soon as it
    // starts writing its output.
    Process job = startJob(out, "--overwrite", "--smooth", "0.5", "--lovasz", "both", "--partitions", "2");
    try {
      boolean writing = false;
      for (int i = 0; i < 6000 && job.isAlive() && !writing; i++) {
        writing = stagingFolderWithContent();
        Thread.sleep(10);
      }
      assertTrue(writing && job.isAlive(), () -> "the job did not start writing: " + log());
      job.destroyForcibly(); // SIGKILL
      assertTrue(job.waitFor(30, TimeUnit.SECONDS));
    } finally {
      job.destroyForcibly();
    }
    assertEquals(oldSummary, Files.readString(out.resolve("summary.json")));
    assertEquals(oldParts, parts(out.resolve("per_image")));

    // The next run replaces the output, and cleans up after the killed one once that is a day
    // old (a fresher staging folder may be a run still writing into the same OUTPUT).
    makeHiddenSiblingsADayOld();
    CliRun again = CliRun.of("evaluate", "--pred", tmp.resolve("data/pred").toString(),
        "--target", tmp.resolve("data/mask").toString(), "--output", out.toString(), "--overwrite",
        "--smooth", "0.5");
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(Files.readString(out.resolve("summary.json")).contains("\"smooth\" : 0.5"));
    assertFalse(stagingFolderWithContent() || hiddenSiblings().size() > 0, "leftovers: " + hiddenSiblings());
  }

  @Test
  void aCommitInterruptedBetweenItsRenamesIsUndoneOrFinishedByTheNextRun() throws IOException {
    Configuration conf = new Configuration();
    Path out = tmp.resolve("result");
    Path previous = tmp.resolve(".result.segeval-previous");
    // Killed after OUTPUT was moved aside, before the new one was moved in: the old one comes back.
    Files.createDirectories(previous);
    Files.writeString(previous.resolve("summary.json"), "old");
    Files.createDirectories(tmp.resolve(".result.segeval-staging-1234abcd"));
    makeHiddenSiblingsADayOld();
    OutputDir.prepare(out.toString(), true, conf).abort();
    assertEquals("old", Files.readString(out.resolve("summary.json")));
    assertEquals(List.of(), hiddenSiblings());
    // Killed after the new one was moved in, before the old one was deleted: the new one stays.
    Files.createDirectories(previous);
    Files.writeString(previous.resolve("summary.json"), "older");
    OutputDir.prepare(out.toString(), true, conf).abort();
    assertEquals("old", Files.readString(out.resolve("summary.json")));
    assertEquals(List.of(), hiddenSiblings());
  }

  @Test
  void anOutputThatIsContainsOrIsInsideAnInputIsRefusedAndTheInputsStay() throws IOException {
    DemoDataset.write(tmp.resolve("data"), 4, 5L, 32);
    String pred = tmp.resolve("data/pred").toString();
    String target = tmp.resolve("data/mask").toString();
    List<String> before = files(tmp.resolve("data"));
    String[][] cases = {
        {tmp.resolve("data").toString(), "contains --pred " + pred},
        {pred, "is --pred " + pred},
        {"file:" + target + "/", "is --target " + target},
        {tmp.resolve("data/pred/results").toString(), "is inside --pred " + pred},
    };
    for (String[] c : cases) {
      CliRun run = CliRun.of("evaluate", "--pred", pred, "--target", target, "--output", c[0], "--overwrite");
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("segeval: --output " + c[0] + " " + c[1]
          + "; choose an output folder apart from the inputs (--overwrite would delete them)", run.err().strip());
    }
    CliRun history = CliRun.of("evaluate", "--pred", pred, "--target", target,
        "--output", tmp.resolve("out").toString(), "--history", tmp.resolve("out/history").toString());
    assertEquals(2, history.exitCode(), history.err());
    assertTrue(history.err().contains("contains --history " + tmp.resolve("out/history")), history.err());
    assertEquals(before, files(tmp.resolve("data")));
    // a sibling whose name starts like an input's is apart from it
    CliRun sibling = CliRun.of("evaluate", "--pred", pred, "--target", target, "--output", pred + "-results");
    assertEquals(0, sibling.exitCode(), sibling.err());
  }

  @Test
  void overwriteReplacesOnlyAnEarlierOutputOrAnEmptyFolder() throws IOException {
    DemoDataset.write(tmp.resolve("data"), 4, 5L, 32);
    String[] inputs = {"evaluate", "--pred", tmp.resolve("data/pred").toString(), "--target",
        tmp.resolve("data/mask").toString()};
    String fix = "; --overwrite replaces only an earlier SegEval output or an empty folder: choose another --output,"
        + " or remove it yourself";
    // a file
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    CliRun onFile = CliRun.of(CliRun.concat(inputs, "--output", file.toString(), "--overwrite"));
    assertEquals(2, onFile.exitCode(), onFile.err());
    assertEquals(List.of("segeval: --output " + file + " is a file, not a SegEval output (a folder with summary.json)"
        + fix), onFile.err().lines().toList());
    assertEquals("mine", Files.readString(file));
    // a folder of other things (a home folder given by mistake)
    Path home = Files.createDirectories(tmp.resolve("home"));
    for (String name : List.of("b.txt", "a.txt", ".bashrc")) {
      Files.writeString(home.resolve(name), name);
    }
    Files.createDirectories(home.resolve("projects"));
    List<String> before = files(home);
    CliRun onHome = CliRun.of(CliRun.concat(inputs, "--output", home.toString(), "--overwrite"));
    assertEquals(2, onHome.exitCode(), onHome.err());
    assertEquals(List.of("segeval: --output " + home + " exists and is not a SegEval output (a folder with summary.json):"
        + " it holds .bashrc, a.txt, b.txt, projects/" + fix), onHome.err().lines().toList());
    assertEquals(before, files(home));
    // more than five names: the first five in order, then "..."
    for (String name : List.of("c.txt", "d.txt", "e.txt")) {
      Files.writeString(home.resolve(name), name);
    }
    CliRun many = CliRun.of(CliRun.concat(inputs, "--output", home.toString(), "--overwrite"));
    assertEquals(2, many.exitCode(), many.err());
    assertTrue(many.err().contains(" it holds "), many.err());
    assertTrue(many.err().contains(", ...; --overwrite replaces only"), many.err());
    // an empty folder, then the output it became
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (int run = 0; run < 2; run++) {
      CliRun ok = CliRun.of(CliRun.concat(inputs, "--output", empty.toString(), "--overwrite"));
      assertEquals(0, ok.exitCode(), ok.err());
      assertTrue(Files.exists(empty.resolve("summary.json")));
    }
  }

  @Test
  void packOverwritesOnlyATableOrAnEmptyFolder() throws IOException {
    DemoDataset.write(tmp.resolve("data"), 4, 5L, 32);
    String[] pack = {"pack", "--pred", tmp.resolve("data/pred").toString(), "--target", tmp.resolve("data/mask").toString(),
        "--overwrite", "--output"};
    Path evaluation = Files.createDirectories(tmp.resolve("evaluation"));
    Files.writeString(evaluation.resolve("summary.json"), "{}");
    CliRun onEvaluation = CliRun.of(CliRun.concat(pack, evaluation.toString()));
    assertEquals(2, onEvaluation.exitCode(), onEvaluation.err());
    assertEquals(List.of("segeval: --output " + evaluation + " exists and is not a Parquet table: it holds summary.json;"
        + " --overwrite replaces only a table or an empty folder: choose another --output, or remove it yourself"),
        onEvaluation.err().lines().toList());
    // Parquet part files without _SUCCESS (a writer that does not mark success) are a table
    Path parts = Files.createDirectories(tmp.resolve("parts"));
    Files.writeString(parts.resolve("part-00000-x.snappy.parquet"), "");
    Files.writeString(parts.resolve(".part-00000-x.snappy.parquet.crc"), "");
    CliRun onParts = CliRun.of(CliRun.concat(pack, parts.toString()));
    assertEquals(0, onParts.exitCode(), onParts.err());
    assertTrue(Files.exists(parts.resolve("_SUCCESS")));
    CliRun again = CliRun.of(CliRun.concat(pack, parts.toString()));
    assertEquals(0, again.exitCode(), again.err());
  }

  private static List<String> files(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.map(root::relativize).map(Path::toString).sorted().toList();
    }
  }

  private Process startJob(Path out, String... more) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Files.readAllLines(Path.of("").toAbsolutePath().getParent().resolve("deploy/jvm-options")));
    cmd.addAll(List.of("-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
        "-cp", System.getProperty("java.class.path"), SegEvalMain.class.getName(), "evaluate",
        "--master", "local[2]", "--pred", tmp.resolve("data/pred").toString(),
        "--target", tmp.resolve("data/mask").toString(), "--output", out.toString()));
    cmd.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("job.log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("job.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private boolean stagingFolderWithContent() throws IOException {
    for (Path p : hiddenSiblings()) {
      if (p.getFileName().toString().contains("segeval-staging") && Files.exists(p.resolve("per_image"))) {
        return true;
      }
    }
    return false;
  }

  /** Ages the staging folders (and all in them) past the day after which a later run removes them. */
  private void makeHiddenSiblingsADayOld() throws IOException {
    FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofHours(25)));
    for (Path sibling : hiddenSiblings()) {
      try (var walk = Files.walk(sibling)) {
        for (Path p : walk.toList()) {
          Files.setLastModifiedTime(p, dayAgo);
        }
      }
    }
  }

  private List<Path> hiddenSiblings() throws IOException {
    try (var files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  private static List<String> parts(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
