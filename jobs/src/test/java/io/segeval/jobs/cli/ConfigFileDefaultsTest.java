package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.CliRun;
import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.config.EvalConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --config FILE} through picocli: command line, then the file, then the defaults; inputs
 * are one choice; and {@code verbose = true} in the file means what {@code --verbose} means.
 */
class ConfigFileDefaultsTest {
  @TempDir Path tmp;

  private Path config(String text) throws IOException {
    Path file = tmp.resolve("segeval.properties");
    Files.writeString(file, text);
    return file;
  }

  /** The configuration {@code evaluate ARGS} parses into, without running it. */
  private static EvalConfig parse(String... args) {
    CommandLine root = SegEvalMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult parsed = root.parseArgs(CliRun.concat(new String[] {"evaluate"}, args));
    return ((EvaluateCommand) parsed.subcommand().commandSpec().userObject()).toConfig();
  }

  @Test
  void theCommandLineWinsOverTheFileWhichWinsOverTheDefaults() throws IOException {
    Path conf = config("smooth = 0.5\nthreshold = 0.9\n");
    EvalConfig cfg = parse("--config", conf.toString(), "--threshold", "0.6", "--pred", "/p", "--target", "/t",
        "--output", "/o");
    assertEquals(0.5, cfg.binaryParams().smooth());
    assertEquals(0.6, cfg.binaryParams().threshold());
    assertEquals(0.5, cfg.binaryParams().tverskyAlpha());
  }

  @Test
  void inputsOnTheCommandLineReplaceTheFilesInputs() throws IOException {
    Path folders = config("pred = /file/pred\ntarget = /file/target\n");
    EvalConfig tables = parse("--config", folders.toString(), "--table", "/cli/table", "--output", "/o");
    assertEquals(List.of("/cli/table"), tables.tables().uris());
    assertNull(tables.predUri());
    Path table = config("table = /file/table\n");
    EvalConfig cli = parse("--config", table.toString(), "--pred", "/cli/pred", "--target", "/cli/target",
        "--output", "/o");
    assertNull(cli.tables());
    assertEquals("/cli/pred", cli.predUri());
  }

  @Test
  void anUnknownKeyIsABadCommandLine() throws IOException {
    Path conf = config("smoth = 0.5\n");
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parse("--config", conf.toString(), "--output", "/o"));
    assertTrue(e.getMessage().startsWith("--config " + conf + ": unknown key 'smoth' (keys are option names"),
        e.getMessage());
    CliRun run = CliRun.of("evaluate", "--config", conf.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("segeval: --config " + conf + ": unknown key 'smoth'"), run.err());
  }

  /** A failure before any Spark job: the input folder does not exist. */
  private CliRun failingRun(String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", tmp.resolve("none").toString(), "--target",
        tmp.resolve("none").toString(), "--output", tmp.resolve("out").toString()}, more));
  }

  @Test
  void verboseFromTheFileOrTheCommandLinePrintsTheStackTrace() throws IOException {
    String reason = "segeval: input folder " + tmp.resolve("none") + " does not exist";
    CliRun plain = failingRun();
    assertEquals(1, plain.exitCode());
    assertEquals(List.of(reason), plain.err().lines().toList());
    for (CliRun verbose : List.of(failingRun("--verbose"), failingRun("--config", config("verbose = true\n").toString()))) {
      assertEquals(1, verbose.exitCode());
      List<String> lines = verbose.err().lines().toList();
      assertEquals(reason, lines.get(0));
      assertTrue(lines.get(1).startsWith("io.segeval.codec.BadRecordException: input folder "), verbose.err());
      assertTrue(lines.get(2).startsWith("\tat io.segeval.jobs.input.InputPairs.list("), verbose.err());
    }
    assertFalse(failingRun("--config", config("verbose = false\n").toString()).err().contains("\tat "));
  }
}
