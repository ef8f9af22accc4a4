package io.segeval.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.CliRun;
import io.segeval.jobs.LogCapture;
import io.segeval.jobs.SegEvalMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in the setup (a master URL, the heap, a missing connector, a missing table) are one line
 * naming the fix, before Spark logs its own error with a stack trace.
 */
class SparkSetupTest {
  @TempDir Path tmp;

  private static String masterRefusal(String master) {
    return assertThrows(IllegalArgumentException.class, () -> SparkSetup.requireUsableMaster(master)).getMessage();
  }

  @Test
  void masterUrlsSparkAcceptsPassAndOthersAreRefused() {
    for (String ok : new String[] {null, "local", "local[2]", "local[*]", "local[2,3]", "local[*, 4]",
        "local-cluster[2, 1, 1024]", "spark://127.0.0.1:7077", "spark://a:7077,b:7077"}) {
      SparkSetup.requireUsableMaster(ok);
    }
    assertEquals("--master 'local[abc]' is not a Spark master URL: local, local[N], local[*], local[N,F] (F: task"
        + " failures allowed), spark://HOST:PORT, yarn or k8s://URL", masterRefusal("local[abc]"));
    assertEquals("--master 'spark:/x' is not a Spark master URL: local, local[N], local[*], local[N,F] (F: task"
        + " failures allowed), spark://HOST:PORT, yarn or k8s://URL", masterRefusal("spark:/x"));
    assertEquals("--master local[0]: local mode needs at least one thread (local[*]: one per core)", masterRefusal("local[0]"));
    // this build has neither Spark's YARN nor its Kubernetes support on the class path
    String yarn = masterRefusal("yarn");
    assertTrue(yarn.startsWith("--master yarn: this Spark has no YARN support (spark-yarn is not on the class path)"), yarn);
    assertTrue(yarn.endsWith("; deploy/segeval runs Spark embedded: submit to YARN with deploy/submit from a Spark"
        + " installation (SPARK_HOME) with YARN support and HADOOP_CONF_DIR set (template: deploy/yarn.conf, docs/cluster.md)"), yarn);
    boolean yarnConf = System.getenv("HADOOP_CONF_DIR") != null || System.getenv("YARN_CONF_DIR") != null;
    assertEquals(!yarnConf, yarn.contains(" and no cluster configuration (neither HADOOP_CONF_DIR nor YARN_CONF_DIR is set)"), yarn);
    assertEquals("--master k8s://https://k:6443: this Spark has no Kubernetes support (spark-kubernetes is not on the"
        + " class path); submit with deploy/submit from a Spark installation with Kubernetes support (templates:"
        + " deploy/k8s/, docs/cluster.md)", masterRefusal("k8s://https://k:6443"));
  }

  @Test
  void aBadMasterIsABadCommandLineBeforeSparkStarts() {
    CliRun run = CliRun.of("evaluate", "--pred", tmp.toString(), "--target", tmp.toString(),
        "--output", tmp.resolve("out").toString(), "--master", "local[abc]");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("segeval: --master 'local[abc]' is not a Spark master URL: local, local[N], local[*],"
        + " local[N,F] (F: task failures allowed), spark://HOST:PORT, yarn or k8s://URL"), run.err().lines().toList());
  }

  @Test
  void aMasterOtherThanSparkSubmitsIsRefusedInsteadOfReplacingIt() {
    SparkConf yarn = new SparkConf(false).set("spark.master", "yarn");
    assertEquals("--master local[*] differs from spark-submit's master yarn: under spark-submit the master is"
        + " spark-submit's (deploy/submit --master URL evaluate ...); leave --master, and master in a --config file, out",
        assertThrows(IllegalArgumentException.class, () -> SparkSetup.requireOneMaster(yarn, "local[*]")).getMessage());
    SparkSetup.requireOneMaster(yarn, "yarn"); // the same master twice
    SparkSetup.requireOneMaster(yarn, null); // spark-submit's
    SparkSetup.requireOneMaster(new SparkConf(false), "local[2]"); // not submitted: SegEval's
  }

  /** A driver started as spark-submit starts it (spark.master a system property) with a config file's master. */
  @Test
  void aConfigFilesMasterUnderSparkSubmitIsOneLineExitTwo() throws Exception {
    Path config = Files.writeString(tmp.resolve("nightly.properties"), "master = local[1]\n");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dspark.master=local[2]", "-cp", System.getProperty("java.class.path"), SegEvalMain.class.getName(),
        "evaluate", "--config", config.toString(), "--pred", tmp.toString(), "--target", tmp.toString(),
        "--output", tmp.resolve("out").toString());
    Process job = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.txt").toFile())
        .redirectOutput(tmp.resolve("stdout.txt").toFile()).start();
    try {
      assertTrue(job.waitFor(120, TimeUnit.SECONDS), "the job did not end");
    } finally {
      job.destroyForcibly();
    }
    assertEquals(2, job.exitValue());
    assertEquals(List.of("segeval: --master local[1] differs from spark-submit's master local[2]: under spark-submit"
        + " the master is spark-submit's (deploy/submit --master URL evaluate ...); leave --master, and master in a"
        + " --config file, out"), Files.readAllLines(tmp.resolve("stderr.txt")).stream()
            .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void aHeapBelowSparksMinimumNamesTheSettingToRaise() {
    long mib = 1024 * 1024;
    SparkConf conf = new SparkConf(false);
    SparkSetup.requireDriverHeap(conf, false, 450 * mib);
    assertEquals("the driver's Java heap is 256 MiB; Spark needs at least 450 MiB (300 MiB of it are reserved):"
        + " raise -Xmx in SEGEVAL_JAVA_OPTS, e.g. SEGEVAL_JAVA_OPTS=-Xmx2g (under spark-submit: --driver-memory)",
        assertThrows(IllegalArgumentException.class, () -> SparkSetup.requireDriverHeap(conf, false, 256 * mib)).getMessage());
    assertEquals("the driver's Java heap is 256 MiB; Spark needs at least 450 MiB (300 MiB of it are reserved):"
        + " raise --driver-memory (spark-submit, deploy/submit), e.g. --driver-memory 2g",
        assertThrows(IllegalArgumentException.class, () -> SparkSetup.requireDriverHeap(conf, true, 256 * mib)).getMessage());
    // Spark's test settings replace the heap it checks: its own check decides then
    SparkSetup.requireDriverHeap(new SparkConf(false).set("spark.testing.memory", "1073741824"), false, 256 * mib);
  }

  @Test
  void anExecutorMemoryTooSmallToStartAnExecutorNamesTheSettingToRaise() {
    assertEquals("the executor memory is 300 MiB (spark.executor.memory), below the 512 MiB an executor needs"
        + " (Spark's minimum is 450 MiB of usable heap, a few percent less than the memory): raise --executor-memory"
        + " (spark-submit, deploy/submit) or spark.executor.memory, e.g. --executor-memory 2g (sizing: docs/cluster.md)",
        assertThrows(IllegalArgumentException.class,
            () -> SparkSetup.requireExecutorMemory(executorMemory("300m"), CLUSTER)).getMessage());
    // Spark's own check on the driver (UnifiedMemoryManager, as the context starts) refuses below
    // 450 MiB; SegEval refuses those too, and up to 512 MiB, where an executor JVM's usable heap
    // can be below 450 MiB (-Xmx450m with the serial collector: 435 MiB, and every executor fails)
    for (String memory : List.of("300m", "449m", "471859199", "450m", "511m", "512m", "1g")) {
      SparkConf conf = executorMemory(memory);
      boolean sparkRefuses = refuses(() -> UnifiedMemoryManager.apply(conf, 1));
      assertEquals(List.of("300m", "449m", "471859199").contains(memory), sparkRefuses, memory);
      assertEquals(!List.of("512m", "1g").contains(memory), refuses(() -> SparkSetup.requireExecutorMemory(conf, CLUSTER)),
          memory);
      // with a local master the executor is the driver's JVM: only Spark's own check applies
      assertEquals(sparkRefuses, refuses(() -> SparkSetup.requireExecutorMemory(conf, "local[2]")), memory);
    }
    // unset (Spark's default, 1g), or replaced by Spark's test settings: Spark decides
    SparkSetup.requireExecutorMemory(new SparkConf(false), CLUSTER);
    SparkSetup.requireExecutorMemory(executorMemory("300m").set("spark.testing.memory", "1073741824"), CLUSTER);
    assertEquals("the executor memory is 449 MiB (spark.executor.memory), below the 450 MiB Spark requires of it, even"
        + " with a local master: raise --executor-memory (spark-submit, deploy/submit) or spark.executor.memory, e.g."
        + " --executor-memory 2g (sizing: docs/cluster.md)", assertThrows(IllegalArgumentException.class,
            () -> SparkSetup.requireExecutorMemory(executorMemory("449m"), "local[*]")).getMessage());
  }

  private static final String CLUSTER = "spark://127.0.0.1:7077";

  private static SparkConf executorMemory(String memory) {
    return new SparkConf(false).set("spark.executor.memory", memory).set("spark.driver.memory", "1g");
  }

  private static boolean refuses(Runnable check) {
    try {
      check.run();
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  @Test
  void aSchemeWithoutItsConnectorIsOneLineSayingHowToAddIt() throws IOException {
    Files.createDirectories(tmp.resolve("pred"));
    String fix = "add the connector's jars (hadoop-aws and the AWS SDK bundle matching Spark's Hadoop 3.4): with"
        + " deploy/segeval in SEGEVAL_CLASSPATH, with spark-submit or deploy/submit through --packages or --jars";
    CliRun evaluate = CliRun.of("evaluate", "--pred", "s3a://bucket/pred", "--target", tmp.resolve("pred").toString(),
        "--output", tmp.resolve("out").toString());
    assertEquals(1, evaluate.exitCode(), evaluate.err());
    assertEquals(List.of("segeval: --pred s3a://bucket/pred: no Hadoop file system for s3a: on the class path"
        + " (org.apache.hadoop.fs.s3a.S3AFileSystem not found); " + fix), evaluate.err().lines().toList());
    CliRun pack = CliRun.of("pack", "--pred", tmp.resolve("pred").toString(), "--target", tmp.resolve("pred").toString(),
        "--output", "s3a://bucket/table");
    assertEquals(1, pack.exitCode(), pack.err());
    assertEquals(List.of("segeval: --output s3a://bucket/table: no Hadoop file system for s3a: on the class path"
        + " (org.apache.hadoop.fs.s3a.S3AFileSystem not found); " + fix), pack.err().lines().toList());
    CliRun gs = CliRun.of("evaluate", "--table", "gs://bucket/t", "--output", tmp.resolve("out").toString());
    assertEquals(1, gs.exitCode(), gs.err());
    assertTrue(gs.err().startsWith("segeval: --table gs://bucket/t: no Hadoop file system for gs: on the class path"
        + " (No FileSystem for scheme \"gs\"); add the connector's jars (gcs-connector for Hadoop 3): with"), gs.err());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void aMissingTableIsOneLineLikeAMissingFolder() {
    Path none = tmp.resolve("none");
    CliRun folder = CliRun.of("evaluate", "--pred", none.toString(), "--target", none.toString(),
        "--output", tmp.resolve("out").toString());
    assertEquals(1, folder.exitCode(), folder.err());
    assertEquals(List.of("segeval: input folder " + none + " does not exist"), folder.err().lines().toList());
    for (String format : new String[] {"parquet", "delta"}) {
      try (LogCapture log = LogCapture.of(Level.WARN, "org.apache.spark")) {
        CliRun table = CliRun.of("evaluate", "--table", none.toString(), "--format", format,
            "--output", tmp.resolve("out").toString());
        assertEquals(1, table.exitCode(), table.err());
        assertEquals(List.of("segeval: table " + none + " does not exist"), table.err().lines().toList());
        assertEquals(List.of(), log.lines(), "Spark logs nothing about it");
      }
    }
    // a relative path says where it was looked for, as a relative input folder does
    CliRun relative = CliRun.of("evaluate", "--table", "no-such-folder/table", "--output", tmp.resolve("out").toString());
    assertEquals(1, relative.exitCode(), relative.err());
    assertEquals(List.of("segeval: table no-such-folder/table (resolved to file:" + Path.of("").toAbsolutePath()
        + "/no-such-folder/table) does not exist"), relative.err().lines().toList());
  }
}
