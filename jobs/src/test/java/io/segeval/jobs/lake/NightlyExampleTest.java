package io.segeval.jobs.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.cli.EvaluateCommand;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.gate.QualityGates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The nightly example under deploy/nightly/ is a valid configuration and uses the app jar. */
class NightlyExampleTest {
  private static final Path NIGHTLY = Path.of("").toAbsolutePath().getParent().resolve("deploy/nightly");

  @Test
  void nightlyConfigurationParsesIntoTablesGroupsGatesAndHistory() {
    String[] args = {"evaluate", "--config", NIGHTLY.resolve("nightly.properties").toString(), "--output", "/tmp/run"};
    CommandLine root = SegEvalMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult parsed = root.parseArgs(args);
    EvalConfig cfg = ((EvaluateCommand) parsed.subcommand().commandSpec().userObject()).toConfig();
    assertEquals(List.of("hdfs:///lake/segmentation/predictions"), cfg.tables().uris());
    assertEquals(List.of("model", "checkpoint"), cfg.groupBy());
    assertEquals(new QualityGates.Gate("dice", QualityGates.Direction.UNDER, 0.85), cfg.gates().gates().get(0));
    assertEquals(4, cfg.gates().gates().size());
    assertEquals(new QualityGates.Gate("rejected", QualityGates.Direction.OVER, 20), cfg.gates().gates().get(3));
    assertEquals("hdfs:///lake/segmentation/segeval_history", cfg.historyUri());
  }

  /**
   * A manual rerun with the nightly file: empty values on the command line remove its gates, groups
   * and history; an empty history in a file is refused (an unset variable there would stop the history).
   */
  @Test
  void emptyValuesOnTheCommandLineRemoveTheFilesGatesGroupsAndHistory() throws Exception {
    String[] args = {"evaluate", "--config", NIGHTLY.resolve("nightly.properties").toString(), "--output", "/tmp/run",
        "--fail-under=", "--fail-over=", "--group-by="};
    CommandLine root = SegEvalMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    EvalConfig cfg = ((EvaluateCommand) root.parseArgs(args).subcommand().commandSpec().userObject()).toConfig();
    assertEquals(List.of(), cfg.gates().gates());
    assertEquals(List.of(), cfg.groupBy());
    assertEquals("hdfs:///lake/segmentation/segeval_history", cfg.historyUri(), "still the file's");
    String[] noHistory = {"evaluate", "--config", NIGHTLY.resolve("nightly.properties").toString(), "--output",
        "/tmp/run", "--history="};
    CommandLine again = SegEvalMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    EvaluateCommand command = (EvaluateCommand) again.parseArgs(noHistory).subcommand().commandSpec().userObject();
    assertNull(command.toConfig().historyUri());

    java.nio.file.Path file = Files.createTempFile("segeval-empty-history", ".properties");
    try {
      Files.writeString(file, "table = /lake/predictions\nhistory =\n");
      String[] emptyInFile = {"evaluate", "--config", file.toString(), "--output", "/tmp/run"};
      CommandLine third = SegEvalMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
      EvaluateCommand fromFile = (EvaluateCommand) third.parseArgs(emptyInFile).subcommand().commandSpec().userObject();
      assertEquals("--history must not be empty",
          assertThrows(CommandLine.ParameterException.class, fromFile::toConfig).getMessage().replaceFirst(" \\(.*", ""));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void schedulersSubmitTheApplicationJarWithTheNightlyConfiguration() throws Exception {
    String cron = Files.readString(NIGHTLY.resolve("crontab"));
    assertTrue(cron.contains("deploy/submit") && cron.contains("--config deploy/nightly/nightly.properties"), cron);
    assertTrue(cron.contains("flock -n -E 75 /tmp/segeval-nightly.lock deploy/submit"), cron); // one run at a time
    String dag = Files.readString(NIGHTLY.resolve("segeval_nightly_dag.py"));
    assertTrue(dag.contains("SparkSubmitOperator") && dag.contains("segeval-jobs-0.1.0-app.jar")
        && dag.contains("io.segeval.jobs.SegEvalMain"), dag);
    assertTrue(dag.contains("    max_active_runs=1,\n"), dag); // one run at a time, as the crontab's flock
  }
}
