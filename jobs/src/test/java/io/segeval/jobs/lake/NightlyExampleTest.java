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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  /**
   * The crontab's line as cron runs it (/bin/sh, its \% unescaped), with stubs for deploy/submit
   * and mail: the night's run logs into a file of its own, and a failure mails its status in the
   * subject and the end of that log (the missed gates, the one-line reason); a success mails nothing.
   */
  @Test
  void theCronLineLogsEachNightApartAndMailsAFailuresStatusWithTheEndOfItsLog(@TempDir Path tmp) throws Exception {
    String line = Files.readAllLines(NIGHTLY.resolve("crontab")).stream()
        .filter(l -> l.startsWith("30 2 ")).findFirst().orElseThrow();
    String command = line.split(" ", 6)[5].replace("\\%", "%")
        .replace("/opt/segeval", tmp.toString()).replace("/var/log/segeval", tmp.resolve("log").toString())
        .replace("/tmp/segeval-nightly.lock", tmp.resolve("nightly.lock").toString());
    Files.createDirectories(tmp.resolve("log"));
    Path mail = tmp.resolve("mail.txt");
    executable(tmp.resolve("bin/mail"), "{ echo \"subject: $2\"; echo \"to: $3\"; cat; } > '" + mail + "'");
    Path log = tmp.resolve("log/nightly-" + LocalDate.now(ZoneOffset.UTC) + ".log");

    executable(tmp.resolve("deploy/submit"), "echo '02:31:10 INFO  Evaluation: results written to hdfs:///r' >&2\n"
        + "echo 'segeval: quality gate failed: dice = 0.8 is under the minimum 0.85 by 0.05' >&2\nexit 3");
    assertEquals(0, cron(command, tmp));
    assertEquals("subject: SegEval nightly failed with status 3\nto: ml-oncall@example.com\n"
        + "02:31:10 INFO  Evaluation: results written to hdfs:///r\n"
        + "segeval: quality gate failed: dice = 0.8 is under the minimum 0.85 by 0.05\n", Files.readString(mail));
    assertTrue(Files.readString(log).endsWith("by 0.05\n"), "the night's own log");

    Files.delete(mail);
    executable(tmp.resolve("deploy/submit"), "echo 'output: hdfs:///r'");
    assertEquals(0, cron(command, tmp));
    assertTrue(Files.notExists(mail), "a night that passed mails nothing");
    assertTrue(Files.readString(log).endsWith("output: hdfs:///r\n"));
  }

  private static int cron(String command, Path tmp) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("sh.out").toFile());
    pb.environment().put("PATH", tmp.resolve("bin") + ":/usr/bin:/bin");
    Process sh = pb.start();
    assertTrue(sh.waitFor(60, TimeUnit.SECONDS));
    return sh.exitValue();
  }

  private static void executable(Path file, String body) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    assertTrue(file.toFile().setExecutable(true));
  }
}
