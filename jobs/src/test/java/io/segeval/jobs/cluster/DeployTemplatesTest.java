package io.segeval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.SegEvalVersion;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
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
