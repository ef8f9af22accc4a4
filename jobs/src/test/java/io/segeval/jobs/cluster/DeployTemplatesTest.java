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
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

  /**
   * Without a Spark installation deploy/submit runs Spark's own launcher, so the driver's settings
   * come from where spark-submit takes them: the command line over --properties-file.
   */
  @Test
  void submitTakesTheDriversSettingsWhereSparkSubmitDoes() throws Exception {
    Path conf = Scripts.WORK.resolve("driver-settings.conf");
    Files.createDirectories(Scripts.WORK);
    Files.writeString(conf, "spark.driver.memory 700m\n"
        + "spark.driver.extraJavaOptions -Dsegeval.test.marker=from-file\n");
    assertEquals("-Xmx700m -Dsegeval.test.marker=from-file", driverSettings("file",
        "--properties-file", conf.toString()));
    assertEquals("-Xmx600m -Dsegeval.test.marker=from-file", driverSettings("command-line",
        "--properties-file", conf.toString(), "--driver-memory", "600m"));
    assertEquals("-Xmx1g", driverSettings("default"), "spark-submit's default driver memory");
  }

  /**
   * In cluster mode the driver starts where conf/log4j2.properties is not: deploy/submit points it
   * at the copy in the app jar, as the cluster manager hands the jar to the driver, appended to the
   * user's driver Java options wherever spark-submit would take them from. (YARN and Kubernetes are
   * checked in the command deploy/submit runs, which then fails: this Spark has neither; a
   * standalone cluster in {@link ClusterSubmitTest}.)
   */
  @Test
  void aClusterModeDriverGetsSegEvalsLogConfigurationAfterTheUsersOptions() throws Exception {
    String inJar = "!/segeval/log4j2.properties";
    Map<String, String> yarn = Map.of("HADOOP_CONF_DIR", Scripts.WORK.toString());
    assertEquals("-Dsegeval.test.user=1 -Dlog4j2.configurationFile=jar:file:__app__.jar" + inJar,
        clusterDriverOptions("yarn-option", yarn, "--master", "yarn", "--deploy-mode", "cluster",
            "--conf", "spark.driver.extraJavaOptions=-Dsegeval.test.replaced=1",
            "--driver-java-options", "-Dsegeval.test.user=1"));
    Path conf = Scripts.WORK.resolve("cluster-driver.conf");
    Files.writeString(conf, "spark.master yarn\nspark.submit.deployMode cluster\n"
        + "spark.driver.extraJavaOptions -Dsegeval.test.file=1 -Dsegeval.test.two=2\n");
    assertEquals("-Dsegeval.test.file=1 -Dsegeval.test.two=2 -Dlog4j2.configurationFile=jar:file:__app__.jar" + inJar,
        clusterDriverOptions("yarn-file", yarn, "--properties-file", conf.toString()));
    String imageJar = "/opt/segeval/segeval-jobs-" + SegEvalVersion.VERSION + "-app.jar";
    assertEquals("-Dsegeval.test.conf=1 -Dlog4j2.configurationFile=jar:file:" + imageJar + inJar,
        clusterDriverOptions("k8s", Map.of("SEGEVAL_APP_JAR", "local://" + imageJar),
            "--master", "k8s://https://127.0.0.1:1", "--deploy-mode", "cluster",
            "--properties-file", DEPLOY.resolve("k8s/spark-submit.conf").toString(),
            "--conf", "spark.driver.extraJavaOptions=-Dsegeval.test.conf=1"));
    // the user's own log configuration is kept as it is
    assertEquals("-Dlog4j2.configurationFile=file:/etc/spark/log4j2.properties",
        clusterDriverOptions("yarn-own", yarn, "--master", "yarn", "--deploy-mode", "cluster",
            "--driver-java-options", "-Dlog4j2.configurationFile=file:/etc/spark/log4j2.properties"));
    // the operator's SparkApplication, which does not run deploy/submit, sets it itself
    assertTrue(Files.readString(DEPLOY.resolve("k8s/segeval-evaluate.yaml")).contains(
        "spark.driver.extraJavaOptions: \"-Dlog4j2.configurationFile=jar:file:" + imageJar + inJar + "\""));
  }

  /** spark.driver.extraJavaOptions in the command deploy/submit runs for `evaluate --help` in cluster mode. */
  private static String clusterDriverOptions(String name, Map<String, String> env, String... submitOptions)
      throws Exception {
    Path out = Scripts.WORK.resolve("submit-cluster-" + name + ".out");
    Path err = Scripts.WORK.resolve("submit-cluster-" + name + ".err");
    List<String> args = new ArrayList<>(List.of(submitOptions));
    args.addAll(List.of("evaluate", "--help"));
    Map<String, String> printed = new java.util.HashMap<>(env);
    printed.put("SPARK_PRINT_LAUNCH_COMMAND", "1");
    Scripts.start("submit", args, printed, out, err).waitFor();
    String stderr = Files.readString(err);
    Matcher options = Pattern.compile("^Spark Command: .* --conf spark\\.driver\\.extraJavaOptions=(.*?)(?: --| *$)",
        Pattern.MULTILINE).matcher(stderr);
    assertTrue(options.find(), "no driver options in the Spark Command of:\n" + stderr);
    return options.group(1);
  }

  /**
   * A SPARK_HOME whose jars/ lacks Spark's launcher: java's own error and one line of deploy/submit's,
   * exit 1 (was bash's "launch: bad array subscript" from reading the launcher's empty command).
   */
  @Test
  void submitWithoutALauncherSaysSo() throws Exception {
    Path sparkHome = Scripts.WORK.resolve("spark-home-without-launcher");
    Files.createDirectories(sparkHome.resolve("jars"));
    Path out = Scripts.WORK.resolve("submit-no-launcher.out");
    Path err = Scripts.WORK.resolve("submit-no-launcher.err");
    Process submit = Scripts.start("submit", List.of("--master", "local[1]", "evaluate", "--help"),
        Map.of("SPARK_HOME", sparkHome.toString()), out, err);
    assertEquals(1, submit.waitFor());
    String stderr = Files.readString(err);
    assertTrue(stderr.contains("org.apache.spark.launcher.Main"), stderr);
    assertEquals("submit: Spark's launcher (org.apache.spark.launcher.Main on " + sparkHome
        + "/jars) gave no command to run", stderr.lines().reduce((a, b) -> b).orElse(""), stderr);
    assertTrue(!stderr.contains("bad array subscript"), stderr);
    assertEquals("", Files.readString(out));
  }

  /**
   * Two setup mistakes deploy/submit says in one line of its own, before spark-submit starts: a
   * SEGEVAL_APP_JAR that is not there (spark-submit skipped it with a warning, then "Failed to load
   * class io.segeval.jobs.SegEvalMain", exit 101) and a --master spark-submit refuses (its stack trace).
   */
  @Test
  void submitSaysAMissingAppJarOrABadMasterInOneLine() throws Exception {
    Path out = Scripts.WORK.resolve("submit-mistakes.out");
    Path err = Scripts.WORK.resolve("submit-mistakes.err");
    Process noJar = Scripts.start("submit", List.of("--master", "local[1]", "evaluate", "--help"),
        Map.of("SEGEVAL_APP_JAR", "/no/such/segeval-app.jar"), out, err);
    assertEquals(1, noJar.waitFor());
    assertEquals("submit: SEGEVAL_APP_JAR=/no/such/segeval-app.jar: no such file (unset it to use"
        + " jobs/target/segeval-jobs-" + SegEvalVersion.VERSION + "-app.jar)\n", Files.readString(err));
    Process badMaster = Scripts.start("submit", List.of("--master", "spark:/127.0.0.1:7077", "evaluate", "--help"),
        out, err);
    assertEquals(2, badMaster.waitFor());
    assertEquals("submit: --master spark:/127.0.0.1:7077 is not a master spark-submit takes: spark://HOST:PORT,"
        + " yarn, k8s://https://HOST:PORT, local or local[N]\n", Files.readString(err));
    assertEquals("", Files.readString(out));
    // yarn, given or from the properties file, without the cluster's Hadoop client configuration
    for (List<String> yarn : List.of(List.of("--master", "yarn"),
        List.of("--properties-file", Scripts.ROOT.resolve("deploy/yarn.conf").toString()))) {
      List<String> args = new ArrayList<>(yarn);
      args.addAll(List.of("evaluate", "--help"));
      Process noConf = Scripts.start("submit", args, Map.of("HADOOP_CONF_DIR", "", "YARN_CONF_DIR", ""), out, err);
      assertEquals(2, noConf.waitFor());
      assertEquals("submit: master yarn needs the cluster's Hadoop client configuration: set HADOOP_CONF_DIR (or"
          + " YARN_CONF_DIR) to the folder of its core-site.xml and yarn-site.xml\n", Files.readString(err), yarn.toString());
    }
  }

  /** The driver's -Xmx and -Dsegeval.test.* options in the command deploy/submit runs for `evaluate --help`. */
  private static String driverSettings(String name, String... submitOptions) throws Exception {
    Path out = Scripts.WORK.resolve("submit-settings-" + name + ".out");
    Path err = Scripts.WORK.resolve("submit-settings-" + name + ".err");
    List<String> args = new ArrayList<>(List.of(submitOptions));
    args.addAll(List.of("--master", "local[1]", "evaluate", "--help"));
    Process submit = Scripts.start("submit", args, Map.of("SPARK_PRINT_LAUNCH_COMMAND", "1"), out, err);
    assertEquals(0, submit.waitFor(), Files.readString(err));
    assertTrue(Files.readString(out).startsWith("Usage: segeval evaluate"), Files.readString(out));
    String stderr = Files.readString(err);
    String command = stderr.lines().filter(l -> l.startsWith("Spark Command: "))
        .findFirst().orElseThrow(() -> new AssertionError("no Spark Command line in:\n" + stderr));
    return Pattern.compile(" ").splitAsStream(command)
        .filter(w -> w.startsWith("-Xmx") || w.startsWith("-Dsegeval.test."))
        .collect(Collectors.joining(" "));
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
