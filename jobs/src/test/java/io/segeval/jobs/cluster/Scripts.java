package io.segeval.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts under deploy/ as a user would, in an environment that keeps them on this
 * build's jars: the Spark closure Maven copied (jobs/target/spark-home, also the SPARK_HOME of
 * deploy/submit), the app jar the build just made (SEGEVAL_SKIP_BUILD=1: never a nested Maven),
 * this JDK, 127.0.0.1. Output goes to files under jobs/target/cluster-test.
 */
final class Scripts {
  /** The repository root (the tests run in the jobs module's folder). */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path TARGET = ROOT.resolve("jobs/target");
  static final Path WORK = TARGET.resolve("cluster-test");

  private Scripts() {}

  /** {@code deploy/SCRIPT ARGS} with stdout and stderr to the given files (may be the same), started. */
  static Process start(String script, List<String> args, Path stdout, Path stderr) {
    return start(script, args, Map.of(), stdout, stderr);
  }

  /** The same with more environment variables. */
  static Process start(String script, List<String> args, Map<String, String> moreEnv, Path stdout, Path stderr) {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("deploy").resolve(script).toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .redirectErrorStream(stdout.equals(stderr));
    Map<String, String> env = pb.environment();
    env.remove("SPARK_CONF_DIR");
    env.put("SPARK_HOME", TARGET.resolve("spark-home").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SEGEVAL_SKIP_BUILD", "1");
    env.put("SEGEVAL_CLUSTER_DIR", WORK.resolve("local-cluster").toString());
    env.putAll(moreEnv);
    try {
      Files.createDirectories(WORK);
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code deploy/SCRIPT ARGS} to its end (at most {@code seconds}); its stdout, or a failure with its stderr. */
  static String run(int seconds, String script, String... args) {
    return run(seconds, Map.of(), script, args);
  }

  /** The same with more environment variables. */
  static String run(int seconds, Map<String, String> moreEnv, String script, String... args) {
    Path out = WORK.resolve(script + "-" + String.join("-", args) + ".out");
    Path err = WORK.resolve(script + "-" + String.join("-", args) + ".err");
    Process p = start(script, List.of(args), moreEnv, out, err);
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("deploy/" + script + " did not end within " + seconds + " s:\n" + Files.readString(err));
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("deploy/" + script + " " + String.join(" ", args) + " exited with "
            + p.exitValue() + ":\n" + Files.readString(err));
      }
      return Files.readString(out).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
