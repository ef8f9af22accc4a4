package io.segeval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.SegEvalVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The cluster templates under deploy/ name this version's app jar and the main class, and parse. */
class DeployTemplatesTest {
  private static final Path DEPLOY = Scripts.ROOT.resolve("deploy");
  private static final Pattern JAR = Pattern.compile("segeval-jobs-([0-9][0-9A-Za-z.\\-]*?)-app\\.jar");

  @Test
  void everyTemplateNamesThisVersionsAppJar() throws IOException {
    for (String file : List.of("standalone.conf", "yarn.conf", "k8s/spark-submit.conf", "k8s/segeval-evaluate.yaml",
        "k8s/Dockerfile", "../docs/cluster.md")) {
      Matcher m = JAR.matcher(Files.readString(DEPLOY.resolve(file)));
      while (m.find()) {
        assertEquals(SegEvalVersion.VERSION, m.group(1), file + " names " + m.group());
      }
    }
    assertTrue(Files.isRegularFile(Scripts.TARGET.resolve("segeval-jobs-" + SegEvalVersion.VERSION + "-app.jar")),
        "mvn test builds the app jar before the tests");
  }

  @Test
  void theSparkApplicationRunsTheMainClass() throws IOException {
    String yaml = Files.readString(DEPLOY.resolve("k8s/segeval-evaluate.yaml"));
    assertTrue(yaml.contains("mainClass: " + SegEvalMain.class.getName()), yaml);
    assertTrue(Files.readString(DEPLOY.resolve("submit")).contains("--class " + SegEvalMain.class.getName()));
  }

  @Test
  void submitsHelpListsEveryCommandAndExitsZero() throws Exception {
    Path out = Scripts.WORK.resolve("submit-help.out");
    Path err = Scripts.WORK.resolve("submit-help.err");
    Process help = Scripts.start("submit", List.of("--help"), out, err);
    assertEquals(0, help.waitFor(), Files.readString(err));
    String usage = Files.readString(out);
    List<String> commands = new ArrayList<>(SegEvalMain.commandLine(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter())).getSubcommands().keySet());
    assertEquals(List.of("evaluate", "pack", "sql", "demo"), commands);
    assertTrue(usage.startsWith("usage: deploy/submit [spark-submit options] COMMAND [ARGS]\n"
        + "  COMMAND: evaluate, pack, sql or demo (SegEval's; `deploy/submit COMMAND --help` lists its options)\n"), usage);
    // no COMMAND at all is a bad command line: the same usage on stderr, exit 2
    Process none = Scripts.start("submit", List.of("--master", "local[2]"), out, err);
    assertEquals(2, none.waitFor());
    assertEquals(usage, Files.readString(err));
  }

  @Test
  void thePropertiesTemplatesAreSparkProperties() throws IOException {
    for (String file : List.of("standalone.conf", "yarn.conf", "k8s/spark-submit.conf")) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(DEPLOY.resolve(file))) {
        p.load(r);
      }
      assertTrue(p.stringPropertyNames().stream().allMatch(k -> k.startsWith("spark.")), file + ": " + p.keySet());
      assertTrue(p.containsKey("spark.executor.memory"), file);
    }
  }
}
