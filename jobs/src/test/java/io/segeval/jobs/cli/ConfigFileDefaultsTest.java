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
  void aSwitchTheFileTurnsOnIsTurnedOffOnTheCommandLineWithFalse() throws IOException {
    // deploy/nightly/nightly.properties has overwrite = true: a manual rerun into a kept OUTPUT says --overwrite=false
    Path conf = config("overwrite = true\npred = /p\ntarget = /t\noutput = /o\n");
    assertTrue(parse("--config", conf.toString()).overwrite());
    assertFalse(parse("--config", conf.toString(), "--overwrite=false").overwrite());
    assertTrue(parse("--pred", "/p", "--target", "/t", "--output", "/o", "--overwrite").overwrite());
  }

  @Test
  void inputsOnTheCommandLineReplaceTheFilesInputs() throws IOException {
    Path folders = config("pred = /file/pred\ntarget = /file/target\n");
    EvalConfig tables = parse("--config", folders.toString(), "--table", "/cli/table", "--output", "/o");
    assertEquals(List.of("/cli/table"), tables.tables().uris());
    assertEquals(List.of(), tables.predUris());
    Path table = config("table = /file/table\n");
    EvalConfig cli = parse("--config", table.toString(), "--pred", "/cli/pred", "--target", "/cli/target",
        "--output", "/o");
    assertNull(cli.tables());
    assertEquals(List.of("/cli/pred"), cli.predUris());
  }

  /**
   * --where goes with the tables: --pred on the command line replaces the file's where as it
   * replaces its table, but --where, or --where= removing the file's, leaves the file's folders
   * (--where= made a folder file's run fail with "--pred is required").
   */
  @Test
  void whereOnTheCommandLineKeepsTheFilesFoldersAndPredReplacesTheFilesWhere() throws IOException {
    Path folders = config("pred = /file/pred\ntarget = /file/target\n");
    EvalConfig emptied = parse("--config", folders.toString(), "--where=", "--output", "/o");
    assertEquals(List.of("/file/pred"), emptied.predUris());
    assertNull(emptied.where());
    CommandLine.ParameterException refused = assertThrows(CommandLine.ParameterException.class,
        () -> parse("--config", folders.toString(), "--where", "checkpoint = 'ep40'", "--output", "/o"));
    assertTrue(refused.getMessage().startsWith("--where applies to --table input only"), refused.getMessage());
    Path table = config("table = /file/table\nwhere = checkpoint = 'ep40'\n");
    assertEquals("checkpoint = 'ep10'",
        parse("--config", table.toString(), "--where", "checkpoint = 'ep10'", "--output", "/o").where());
    assertEquals(List.of("/file/table"),
        parse("--config", table.toString(), "--where=", "--output", "/o").tables().uris());
    assertNull(parse("--config", table.toString(), "--where=", "--output", "/o").where());
    EvalConfig cli = parse("--config", table.toString(), "--pred", "/cli/pred", "--target", "/cli/target",
        "--output", "/o");
    assertNull(cli.tables());
    assertNull(cli.where());
  }

  @Test
  void severalPredictionFoldersAreCommaSeparatedInTheFileAndTrimmed() throws IOException {
    Path conf = config("pred = /preds/ckpt_10, /preds/ckpt_20\ntarget = /t\noutput = /o\ngroup-by = pred_dir\n");
    assertEquals(List.of("/preds/ckpt_10", "/preds/ckpt_20"), parse("--config", conf.toString()).predUris());
    assertEquals(List.of("/a", "/b", "/c"), parse("--pred", "/a,/b", "--pred", "/c", "--target", "/t", "--output", "/o")
        .predUris());
    // a glob's braces keep their commas
    assertEquals(List.of("/p/ckpt_{10,20}", "/q"), parse("--pred", "/p/ckpt_{10,20},/q", "--target", "/t",
        "--output", "/o").predUris());
    // and in the --config file too
    Path glob = config("pred = /p/ckpt_{10,20}, /q\ntarget = /t\noutput = /o\ngroup-by = pred_dir\n");
    assertEquals(List.of("/p/ckpt_{10,20}", "/q"), parse("--config", glob.toString()).predUris());
  }

  @Test
  void severalTablesAreCommaSeparatedInTheFileAndTrimmed() throws IOException {
    // " /lake/b" was read as a relative path: "table  /lake/b does not exist", exit 1
    Path conf = config("table = /lake/a, /lake/b ,/lake/c\noutput = /o\n");
    assertEquals(List.of("/lake/a", "/lake/b", "/lake/c"), parse("--config", conf.toString()).tables().uris());
    assertEquals(List.of("/lake/a", "/lake/b"), parse("--table", " /lake/a, /lake/b", "--output", "/o").tables().uris());
    // a glob's braces keep their commas, as for --pred
    assertEquals(List.of("/lake/preds/{v3,v4}", "/lake/c"), parse("--table", "/lake/preds/{v3,v4},/lake/c",
        "--output", "/o").tables().uris());
  }

  @Test
  void classNamesOnTheCommandLineReplaceTheFilesNamesInEitherForm() throws IOException {
    Path namesFile = tmp.resolve("names.txt");
    Files.writeString(namesFile, "road\ncar\nperson\nsky\n");
    String[] run = {"--task", "multiclass", "--num-classes", "4", "--pred", "/p", "--target", "/t", "--output", "/o"};
    Path list = config("class-names = a,b,c,d\n");
    assertEquals(List.of("road", "car", "person", "sky"),
        parse(CliRun.concat(run, "--config", list.toString(), "--class-names-file", namesFile.toString())).classNames());
    Path file = config("class-names-file = " + namesFile + "\n");
    assertEquals(List.of("w", "x", "y", "z"),
        parse(CliRun.concat(run, "--config", file.toString(), "--class-names", "w,x,y,z")).classNames());
    assertEquals(List.of("road", "car", "person", "sky"), parse(CliRun.concat(run, "--config", file.toString())).classNames());
    // both in the file, or both on the command line: one or the other
    Path both = config("class-names = a,b,c,d\nclass-names-file = " + namesFile + "\n");
    assertThrows(CommandLine.ParameterException.class, () -> parse(CliRun.concat(run, "--config", both.toString())));
  }

  @Test
  void anUnknownKeyIsABadCommandLine() throws IOException {
    Path conf = config("smoth = 0.5\n");
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parse("--config", conf.toString(), "--output", "/o"));
    assertTrue(e.getMessage().startsWith("--config " + conf + ": unknown key 'smoth'; did you mean smooth? (keys are"
        + " option names"),
        e.getMessage());
    CliRun run = CliRun.of("evaluate", "--config", conf.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("segeval: --config " + conf + ": unknown key 'smoth'"), run.err());
  }

  @Test
  void valuesAreTrimmedLikeTheCommandLinesValues() throws IOException {
    Path conf = config("task = multiclass \nnum-classes = 4 \t\noverwrite = true \npred = /file/pred \n"
        + "target = /file/target\t\noutput = /o \n");
    EvalConfig cfg = parse("--config", conf.toString());
    assertEquals(EvalConfig.Task.MULTICLASS, cfg.task());
    assertEquals(4, cfg.numClasses());
    assertTrue(cfg.overwrite());
    assertEquals(List.of("/file/pred"), cfg.predUris());
    assertEquals("/file/target", cfg.targetUri());
    assertEquals("/o", cfg.outputUri());
  }

  /** The first line of stderr of {@code evaluate --config FILE ARGS}, which must fail as a bad command line. */
  private static String usageError(Path conf, String... args) {
    CliRun run = CliRun.of(CliRun.concat(new String[] {"evaluate", "--config", conf.toString()}, args));
    assertEquals(2, run.exitCode(), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
    return run.err().lines().findFirst().orElse("");
  }

  @Test
  void aBadValueFromTheFileNamesTheFileAndTheKey() throws IOException {
    String[] io = {"--pred", "/p", "--target", "/t", "--output", "/o"};
    assertEquals("segeval: " + config("num-classes = x\n") + ": num-classes = 'x' is not a whole number (digits only, e.g. 50000000)",
        usageError(config("num-classes = x\n"), io));
    assertEquals("segeval: " + config("overwrite = yes\n") + ": overwrite = 'yes' is neither true nor false",
        usageError(config("overwrite = yes\n"), io));
    assertEquals("segeval: " + config("max-pixels = 5e7\n") + ": max-pixels = '5e7' is not a whole number (digits only, e.g. 50000000)",
        usageError(config("max-pixels = 5e7\n"), io));
    assertEquals("segeval: --tversky-alpha must be in [0, 1], got 1.5 (" + config("tversky-alpha = 1.5 \n")
        + ": tversky-alpha = '1.5')", usageError(config("tversky-alpha = 1.5 \n"), io));
    assertEquals("segeval: --lovasz must be one of per-image, global, both, got 'sometimes' (" + config("lovasz = sometimes\n")
        + ": lovasz = 'sometimes')", usageError(config("lovasz = sometimes\n"), io));
    // the same values on the command line are the command line's
    Path empty = config("");
    assertEquals("segeval: Invalid value for option '--num-classes': 'x' is not a whole number (digits only, e.g. 50000000)",
        usageError(empty, CliRun.concat(io, "--num-classes", "x")));
    assertEquals("segeval: --tversky-alpha must be in [0, 1], got 1.5",
        usageError(config("tversky-alpha = 0.3\n"), CliRun.concat(io, "--tversky-alpha", "1.5")));
    assertEquals("segeval: Invalid value for option '--smooth': '1,5' is not a number (e.g. 0.85 or 1e-9)",
        usageError(empty, CliRun.concat(io, "--smooth", "1,5")));
    assertEquals("segeval: Invalid value for option '--overwrite': 'yes' is neither true nor false",
        usageError(empty, CliRun.concat(io, "--overwrite=yes")));
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
