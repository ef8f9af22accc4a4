package io.segeval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.SegEvalVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/segeval and deploy/submit as cron, CI and containers start them: from a copy of deploy/
 * in a checkout whose path has spaces (and non-ASCII letters), through a symlink, from another
 * working folder, in a minimal environment (no HOME, no LANG). No Spark runs: each case ends
 * before Spark would start, or runs {@code segeval --version}.
 */
class LauncherEnvironmentTest {
  private static final Path BASE = Scripts.WORK.resolve("launcher-environment");
  /** A checkout in a path cron and containers get wrong; non-ASCII only where Java can name it. */
  private static final Path CHECKOUT = BASE.resolve("check out"
      + (Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).equals(StandardCharsets.UTF_8) ? " ünï" : ""));
  private static final Path LINKS = BASE.resolve("bin");
  private static final Path ELSEWHERE = BASE.resolve("elsewhere");
  private static final String JAVA_HOME = System.getProperty("java.home");
  /** deploy/segeval and the files under deploy/ it reads. */
  private static final List<String> SEGEVAL_FILES =
      List.of("segeval", "jvm-options", "launcher-jvm-options", "launcher-compiler-directives.json", "lib/java.sh",
          "lib/child.sh", "lib/lock.sh", "lib/build.sh", "lib/cpus.sh");

  @BeforeAll
  static void copyDeployIntoACheckoutAndLinkItsScripts() throws IOException {
    deleteTree(BASE);
    Path deploy = CHECKOUT.resolve("deploy");
    Files.createDirectories(deploy.resolve("lib"));
    for (String file : Stream.concat(SEGEVAL_FILES.stream(), Stream.of("submit", "lib/common.sh")).toList()) {
      Files.copy(Scripts.ROOT.resolve("deploy").resolve(file), deploy.resolve(file));
    }
    Files.copy(Scripts.ROOT.resolve("pom.xml"), CHECKOUT.resolve("pom.xml"));
    Files.createDirectories(LINKS);
    Files.createDirectories(ELSEWHERE);
    Files.createSymbolicLink(LINKS.resolve("segeval"), deploy.resolve("segeval"));
    Files.createSymbolicLink(LINKS.resolve("submit"), deploy.resolve("submit"));
  }

  @Test
  void aJavaHomeWithoutJavaIsRefusedInOneLine() throws Exception {
    for (String script : List.of("segeval", "submit")) {
      Result r = run(script, Map.of("JAVA_HOME", "/nonexistent/jdk"), List.of("--version"));
      assertEquals(2, r.exit, r.err);
      assertEquals(script + ": JAVA_HOME=/nonexistent/jdk has no bin/java: set JAVA_HOME to a JDK 17 or 21\n", r.err);
    }
  }

  /**
   * Java 23 and later are refused before any JVM starts: the Hadoop 3.4.2 client of Spark 4.1 calls
   * Subject.getSubject, which Java 23 refuses by default and 24 and later always.
   */
  @Test
  void aJdk23OrLaterIsRefusedBeforeAnyJvmStarts() throws Exception {
    for (String version : List.of("23.0.2", "25.0.1")) {
      String feature = version.substring(0, 2);
      Path ran = BASE.resolve("jdk-" + feature + "-ran");
      Path jdk = fakeJdk("jdk-" + feature, version, "#!/bin/sh\ntouch '" + ran + "'\n");
      for (String script : List.of("segeval", "submit")) {
        Result r = run(script, Map.of("JAVA_HOME", jdk.toString()), List.of("--version"));
        assertEquals(2, r.exit, r.err);
        assertEquals(script + ": " + jdk.toRealPath() + " is Java " + feature + "; SegEval runs on Java 17 to 22 (Spark 4.1"
            + " needs 17+, and the Hadoop client it ships fails on 23 and later): set JAVA_HOME to a JDK 17 or 21\n", r.err);
      }
      assertFalse(Files.exists(ran), "no JVM of Java " + feature + " was started");
    }
  }

  /** Java 18 to 20 and 22 run SegEval, with a one-line warning: Spark 4.1 supports 17 and 21. */
  @Test
  void aNonLtsJdkBefore23IsUsedWithAWarning() throws Exception {
    for (String version : List.of("22.0.2", "18.0.2.1")) {
      String feature = version.substring(0, 2);
      Path jdk = fakeJdk("jdk-" + feature, version, "#!/bin/sh\necho \"ran java $*\"\n");
      String warning = ": warning: " + jdk.toRealPath() + " is Java " + feature + ", which Spark 4.1 does not support (it"
          + " supports 17 and 21); going on: set JAVA_HOME to a JDK 17 or 21 to be on a supported one\n";
      Path copy = builtCopy("jdk-" + feature + "-checkout");
      Result r = run(copy.resolve("deploy/segeval"), Map.of("JAVA_HOME", jdk.toString(), "SEGEVAL_CDS", "off"),
          List.of("--version"));
      assertEquals(0, r.exit, r.err);
      assertEquals("segeval" + warning, r.err);
      assertTrue(r.out.startsWith("ran java ") && r.out.endsWith(" io.segeval.jobs.SegEvalMain --version\n"), r.out);
      Result help = run("submit", Map.of("JAVA_HOME", jdk.toString()), List.of("--help"));
      assertEquals(0, help.exit, help.err);
      assertEquals("submit" + warning, help.err);
    }
  }

  /**
   * The launcher's JVM gets deploy/launcher-jvm-options and the compiler directives' file after
   * Spark's flags and before SEGEVAL_JAVA_OPTS (so the user's win), and the serial collector (with
   * its threshold for objects made in the old generation) on at most two CPUs unless the user's
   * options choose a collector: two choices would stop the JVM from starting.
   */
  @Test
  void startUpOptionsComeBeforeTheUsersAndTheSerialCollectorOnlyWhereNoneIsChosen() throws Exception {
    Path jdk = fakeJdk("jdk-17-echo", "17.0.9", "#!/bin/sh\necho \"ran java $*\"\n");
    Path copy = builtCopy("launcher-options-checkout");
    Path argFile = BASE.resolve("collector.args");
    Files.writeString(argFile, "-Xmx1g\n-XX:+UseG1GC\n");
    boolean fewCpus = cpuCount("") <= 2; // the launcher's count of this machine's CPUs
    record Case(Map<String, String> env, String userOption, boolean serial) {}
    List<Case> cases = List.of(
        new Case(Map.of(), null, fewCpus),
        new Case(Map.of("SEGEVAL_JAVA_OPTS", "-XX:Tier4InvocationThreshold=5000"), "-XX:Tier4InvocationThreshold=5000",
            fewCpus),
        new Case(Map.of("SEGEVAL_JAVA_OPTS", "-Xmx2g -XX:+UseParallelGC"), "-XX:+UseParallelGC", false),
        new Case(Map.of("SEGEVAL_JAVA_OPTS", "@" + argFile), "@" + argFile, false),
        new Case(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseZGC"), null, false));
    for (Case c : cases) {
      Map<String, String> env = new HashMap<>(c.env());
      env.putAll(Map.of("JAVA_HOME", jdk.toString(), "SEGEVAL_CDS", "off"));
      Result r = run(copy.resolve("deploy/segeval"), env, List.of("--version"));
      assertEquals(0, r.exit, r.err);
      List<String> args = List.of(r.out.trim().split(" "));
      int ours = args.indexOf("-XX:Tier4InvocationThreshold=20000");
      assertTrue(args.indexOf("--add-modules=jdk.incubator.vector") < ours && ours > 0, c + ": " + r.out);
      for (String option : List.of("-XX:Tier4MinInvocationThreshold=2400", "-XX:Tier4CompileThreshold=60000",
          "-XX:Tier4BackEdgeThreshold=160000")) {
        assertTrue(args.contains(option), c + ": " + r.out);
      }
      int directives = args.indexOf("-Dsegeval.compilerDirectives="
          + copy.resolve("deploy/launcher-compiler-directives.json").toRealPath());
      assertTrue(directives > ours, c + ": " + r.out);
      if (c.userOption() != null) {
        assertTrue(args.indexOf(c.userOption()) > directives, c + ": " + r.out);
      }
      assertEquals(c.serial(), args.contains("-XX:+UseSerialGC"), c + ": " + r.out);
      // the serial collector makes objects of 64 MB and more in the old generation (tables' Parquet buffers)
      assertEquals(c.serial(), args.contains("-XX:PretenureSizeThreshold=64m"), c + ": " + r.out);
    }
  }

  /**
   * The launcher counts CPUs as the JVM does: the CPUs it may run on, or fewer under a cgroup CPU
   * quota (v2 cpu.max, v1 cfs quota and period), rounded up; no quota, "max" or -1 leave the count.
   */
  @Test
  void aCgroupCpuQuotaLowersTheLaunchersCpuCount() throws Exception {
    int cpus = cpuCount("");
    Path root = BASE.resolve("cgroup");
    Files.createDirectories(root.resolve("job"));
    Files.createDirectories(root.resolve("cpu,cpuacct/docker/c1"));
    Files.createDirectories(root.resolve("cpu"));
    Path v2 = Files.writeString(BASE.resolve("cgroup-v2"), "0::/job\n");
    Path v1 = Files.writeString(BASE.resolve("cgroup-v1"), "5:memory:/docker/c1\n3:cpu,cpuacct:/docker/c1\n");
    Path v1Container = Files.writeString(BASE.resolve("cgroup-v1-container"), "2:cpu:/host/path/not/mounted\n");
    String roots = " '" + root + "'";

    Files.writeString(root.resolve("job/cpu.max"), "50000 100000\n");
    assertEquals(1, cpuCount("'" + v2 + "'" + roots)); // half a CPU rounds up to one
    Files.writeString(root.resolve("job/cpu.max"), "max 100000\n");
    assertEquals(cpus, cpuCount("'" + v2 + "'" + roots));
    Files.writeString(root.resolve("job/cpu.max"), (cpus + 3) * 100000 + " 100000\n");
    assertEquals(cpus, cpuCount("'" + v2 + "'" + roots)); // a quota above the CPUs changes nothing

    Files.writeString(root.resolve("cpu,cpuacct/docker/c1/cpu.cfs_quota_us"), "100000\n");
    Files.writeString(root.resolve("cpu,cpuacct/docker/c1/cpu.cfs_period_us"), "100000\n");
    assertEquals(1, cpuCount("'" + v1 + "'" + roots));
    Files.writeString(root.resolve("cpu,cpuacct/docker/c1/cpu.cfs_quota_us"), "-1\n");
    assertEquals(cpus, cpuCount("'" + v1 + "'" + roots));
    // inside a container the hierarchy is mounted at its own cgroup, not at the host's path
    Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "30000\n");
    Files.writeString(root.resolve("cpu/cpu.cfs_period_us"), "100000\n");
    assertEquals(1, cpuCount("'" + v1Container + "'" + roots));

    assertEquals(cpus, cpuCount("'" + BASE.resolve("no-such-file") + "'" + roots));
  }

  /** deploy/lib/cpus.sh's cpu_count with {@code args} (shell words), in bash. */
  private static int cpuCount(String args) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail; source \"$0\"; cpu_count " + args,
        Scripts.ROOT.resolve("deploy/lib/cpus.sh").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    return Integer.parseInt(out);
  }

  @Test
  void noJavaOnThePathAndNoJavaHomeIsRefusedInOneLine() throws Exception {
    Path bin = BASE.resolve("path-without-java");
    Files.createDirectories(bin);
    for (String dir : List.of("/usr/bin", "/bin")) { // the same folder where /bin is a link to /usr/bin
      try (Stream<Path> tools = Files.list(Path.of(dir))) {
        for (Path tool : tools.filter(t -> !t.getFileName().toString().equals("java")).collect(Collectors.toList())) {
          if (!Files.exists(bin.resolve(tool.getFileName()), LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(bin.resolve(tool.getFileName()), tool);
          }
        }
      }
    }
    Result r = run("segeval", Map.of("PATH", bin.toString(), "JAVA_HOME", ""), List.of("--version"));
    assertEquals(2, r.exit, r.err);
    assertEquals("segeval: no java on the PATH and JAVA_HOME is not set: install a JDK 17 or 21, or set JAVA_HOME"
        + " to one\n", r.err);
  }

  /**
   * The real checkout's classes under a path with spaces and non-ASCII letters, in the C locale
   * cron and {@code env -i} give: Java finds them (the launcher gives the JVM UTF-8 file names).
   */
  @Test
  void runsThroughASymlinkFromElsewhereInAMinimalEnvironment() throws Exception {
    Path target = CHECKOUT.resolve("jobs/target");
    Files.createDirectories(target);
    try (OutputStream empty = new JarOutputStream(Files.newOutputStream(target.resolve("segeval-jobs-0.1.0.jar")))) {
      empty.flush();
    }
    Path classes = target.resolve("classes");
    Files.createSymbolicLink(classes, Scripts.TARGET.resolve("classes"));
    // surefire's own class path property: java.class.path may be only its booter jar
    String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String classpath = Stream.of(testClasspath.split(":"))
        .map(entry -> entry.equals(Scripts.TARGET.resolve("classes").toString()) ? classes.toString() : entry)
        .collect(Collectors.joining(":"));
    assertTrue(classpath.contains(classes.toString()), classpath);
    Files.writeString(target.resolve("runtime-classpath.txt"), classpath);

    Result r = run("segeval", Map.of("SEGEVAL_CDS", "off"), List.of("--version"));
    assertEquals(0, r.exit, r.err);
    assertEquals("SegEval " + SegEvalVersion.VERSION + "\n", r.out);
  }

  /** Ctrl-C or a TERM during the first build ends Maven too: no build left running, exit 143. */
  @Test
  void aTermDuringTheBuildStopsMavenAndExits143() throws Exception {
    Path fakeMaven = BASE.resolve("fake-maven");
    Path pidFile = BASE.resolve("fake-maven.pid");
    executable(fakeMaven.resolve("mvn"), "#!/bin/sh\necho \"$@\" > '" + pidFile + ".args'\n"
        + "echo $$ > '" + pidFile + ".tmp' && mv '" + pidFile + ".tmp' '" + pidFile + "'\nexec sleep 120\n");
    Path copy = copyOfDeploy("unbuilt", SEGEVAL_FILES);

    Process launcher = start(copy.resolve("deploy/segeval"),
        Map.of("PATH", fakeMaven + ":/usr/bin:/bin"), List.of("--version"), BASE.resolve("unbuilt.out"));
    long maven = awaitPid(pidFile, BASE.resolve("unbuilt.out"));
    assertTrue(Files.readString(Path.of(pidFile + ".args")).startsWith("-f " + copy.toRealPath().resolve("pom.xml") + " "));

    launcher.destroy(); // SIGTERM
    assertTrue(launcher.waitFor(20, TimeUnit.SECONDS));
    assertEquals(143, launcher.exitValue());
    assertFalse(alive(maven), "Maven still runs");
  }

  /** Two launchers started at once on an unbuilt checkout: one builds, the other waits for it (a lock). */
  @Test
  void launchersStartedSideBySideBuildOnce() throws Exception {
    Path fakeMaven = BASE.resolve("counting-maven");
    Path calls = BASE.resolve("counting-maven.calls");
    // one second of "build", then the jar and class path file the launcher looks for
    executable(fakeMaven.resolve("mvn"), "#!/bin/sh\necho called >> '" + calls + "'\nsleep 1\n"
        + "root=$(dirname \"$2\")\nmkdir -p \"$root/jobs/target\"\n"
        + "echo /nonexistent.jar > \"$root/jobs/target/runtime-classpath.txt\"\n: > \"$root/jobs/target/segeval-jobs-0.1.0.jar\"\n");
    Path copy = copyOfDeploy("side-by-side", SEGEVAL_FILES);
    Map<String, String> env = Map.of("PATH", fakeMaven + ":/usr/bin:/bin", "SEGEVAL_CDS", "off");
    Process first = start(copy.resolve("deploy/segeval"), env, List.of("--version"), BASE.resolve("side-1.out"));
    Process second = start(copy.resolve("deploy/segeval"), env, List.of("--version"), BASE.resolve("side-2.out"));
    assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(List.of("called"), Files.readAllLines(calls), "Maven ran once for both launchers");
  }

  /**
   * A TMPDIR that is not there, or not a folder: the class-data training says so in one line and
   * takes /tmp instead (was mktemp's own error, and no run at all).
   */
  @Test
  void aTmpdirThatCannotBeUsedIsSaidAndTmpTakenInstead() throws Exception {
    Path trainedIn = BASE.resolve("trained-in");
    // the training run (-XX:ArchiveClassesAtExit=FILE) writes FILE and notes its --dir
    Path jdk = fakeJdk("jdk-cds", "17.0.9", "#!/bin/sh\narchive=''\nprevious=''\nfor a in \"$@\"; do\n"
        + "  case \"$a\" in -XX:ArchiveClassesAtExit=*) archive=\"${a#*=}\" ;; esac\n"
        + "  if [ \"$previous\" = --dir ]; then dir=\"$a\"; fi\n  previous=\"$a\"\ndone\n"
        + "if [ -n \"$archive\" ]; then echo \"$dir\" > '" + trainedIn + "'; echo archive > \"$archive\"; exit 0; fi\n"
        + "echo \"ran java $*\"\n");
    Path notAFolder = Files.writeString(BASE.resolve("tmpdir-file"), "");
    for (Path tmpdir : List.of(BASE.resolve("no-such-tmp"), notAFolder)) {
      Path copy = builtCopy("tmpdir-" + tmpdir.getFileName());
      Result r = run(copy.resolve("deploy/segeval"), Map.of("JAVA_HOME", jdk.toString(), "TMPDIR", tmpdir.toString()),
          List.of("--version"));
      assertEquals(0, r.exit, r.err);
      assertEquals("segeval: TMPDIR=" + tmpdir + " " + (tmpdir.equals(notAFolder) ? "is not a folder" : "does not exist")
          + ": using /tmp for the class-data training (set TMPDIR to a writable folder, or unset it)\n"
          + "segeval: preparing a class-data archive for a faster start (once per build; about 20 s)...\n", r.err);
      String training = Files.readString(trainedIn).trim();
      assertTrue(training.startsWith("/tmp/segeval-cds."), training);
      assertFalse(Files.exists(Path.of(training)), "the training's folder is removed");
      assertTrue(r.out.contains(" -XX:SharedArchiveFile=" + copy.toRealPath().resolve("jobs/target/cds")), r.out);
    }
  }

  /** A TERM while deploy/submit waits for Spark's launcher ends the launcher too, and waits for it: exit 143. */
  @Test
  void aTermDuringSparksLauncherStopsItAndExits143() throws Exception {
    Path pidFile = BASE.resolve("slow-launcher.pid");
    Path jdk = fakeJdk("jdk-slow-launcher", "17.0.9", "#!/bin/sh\necho \"$@\" > '" + pidFile + ".args'\n"
        + "echo $$ > '" + pidFile + ".tmp' && mv '" + pidFile + ".tmp' '" + pidFile + "'\nexec sleep 120\n");
    Path sparkHome = BASE.resolve("spark-home-slow");
    Files.createDirectories(sparkHome.resolve("jars"));
    Path appJar = Files.writeString(BASE.resolve("segeval-app.jar"), "");
    Path output = BASE.resolve("slow-launcher.out");
    Process submit = start(LINKS.resolve("submit"), Map.of("JAVA_HOME", jdk.toString(), "SPARK_HOME", sparkHome.toString(),
        "SEGEVAL_APP_JAR", appJar.toString()), List.of("--master", "local[1]", "evaluate", "--help"), output);
    long launcher = awaitPid(pidFile, output);
    try {
      assertTrue(Files.readString(Path.of(pidFile + ".args")).contains(" org.apache.spark.launcher.Main "));
      submit.destroy(); // SIGTERM
      assertTrue(submit.waitFor(20, TimeUnit.SECONDS));
      assertEquals(143, submit.exitValue(), Files.readString(output));
      assertFalse(alive(launcher), "Spark's launcher still runs");
    } finally {
      ProcessHandle.of(launcher).ifPresent(ProcessHandle::destroy);
    }
  }

  /**
   * A TERM while deploy/local-cluster start waits for its workers: the master and workers it began
   * are ended (by their pids) instead of running on until a stop; exit 143, no master URL printed.
   */
  @Test
  void anInterruptedClusterStartStopsTheDaemonsItBegan() throws Exception {
    // daemons that run until a TERM: the master says it leads, the workers never register
    Path jdk = fakeJdk("jdk-daemons", "17.0.9", "#!/bin/bash\ncase \" $* \" in\n"
        + "  *' org.apache.spark.deploy.master.Master '*)\n"
        + "    echo 'Master: Starting Spark master at spark://127.0.0.1:7077'\n"
        + "    echo 'Master: I have been elected leader! New state: ALIVE' ;;\nesac\n"
        + "trap 'kill $! 2> /dev/null; exit 143' TERM\nsleep 120 &\nwait $!\n");
    Path copy = copyOfDeploy("cluster-checkout", List.of("local-cluster", "jvm-options", "lib/common.sh", "lib/java.sh",
        "lib/child.sh", "lib/lock.sh", "lib/build.sh"));
    Files.createDirectories(copy.resolve("jobs/target/spark-home/jars"));
    Files.writeString(copy.resolve("jobs/target/segeval-jobs-" + SegEvalVersion.VERSION + "-app.jar"), "");
    Path work = BASE.resolve("cluster-work");
    Path out = BASE.resolve("cluster-start.out");
    Path err = BASE.resolve("cluster-start.err");
    Process start = builder(copy.resolve("deploy/local-cluster"), Map.of("JAVA_HOME", jdk.toString(),
        "SEGEVAL_CLUSTER_DIR", work.toString()), List.of("start")).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    List<Long> daemons = new ArrayList<>();
    try {
      for (String daemon : List.of("master", "worker-1", "worker-2")) {
        daemons.add(awaitPid(work.resolve(daemon + ".pid"), err));
      }
      start.destroy(); // SIGTERM
      assertTrue(start.waitFor(60, TimeUnit.SECONDS));
      assertEquals(143, start.exitValue(), Files.readString(err));
      for (long daemon : daemons) {
        assertFalse(alive(daemon), "daemon " + daemon + " still runs: " + Files.readString(err));
      }
      assertEquals("", Files.readString(out));
      assertTrue(Files.readString(err).contains("local-cluster: start interrupted; stopping the daemons it started\n"),
          Files.readString(err));
      try (Stream<Path> files = Files.list(work)) {
        assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".pid")).toList());
      }
    } finally {
      daemons.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    }
  }

  private record Result(int exit, String out, String err) {}

  /** The pid a process writes to {@code pidFile}, waiting for it (at most 30 s). */
  private static long awaitPid(Path pidFile, Path output) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(Files.exists(pidFile) && Files.readString(pidFile).trim().matches("\\d+")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(pidFile), "no " + pidFile.getFileName() + ": " + Files.readString(output));
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** LINKS/SCRIPT ARGS from ELSEWHERE, with only PATH=/usr/bin:/bin, this JDK's JAVA_HOME and {@code env}. */
  private static Result run(String script, Map<String, String> env, List<String> args) throws Exception {
    return run(LINKS.resolve(script), env, args);
  }

  /** The same for the script at {@code script}. */
  private static Result run(Path script, Map<String, String> env, List<String> args) throws Exception {
    Path out = BASE.resolve(script.getFileName() + ".out");
    Path err = BASE.resolve(script.getFileName() + ".err");
    ProcessBuilder pb = builder(script, env, args).redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(script + " did not end within 60 s: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err)
        .lines().filter(line -> !line.startsWith("WARNING: Using incubator modules"))
        .map(line -> line + "\n").collect(Collectors.joining()));
  }

  private static Process start(Path script, Map<String, String> env, List<String> args, Path output) throws IOException {
    return builder(script, env, args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private static ProcessBuilder builder(Path script, Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(ELSEWHERE.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("JAVA_HOME", JAVA_HOME);
    pb.environment().put("SEGEVAL_SKIP_BUILD", "1");
    pb.environment().putAll(env);
    return pb;
  }

  /** A checkout BASE/NAME with the root pom and these files of deploy/. */
  private static Path copyOfDeploy(String name, List<String> files) throws IOException {
    Path copy = BASE.resolve(name);
    Files.createDirectories(copy.resolve("deploy/lib"));
    for (String file : files) {
      Files.copy(Scripts.ROOT.resolve("deploy").resolve(file), copy.resolve("deploy").resolve(file));
    }
    Files.copy(Scripts.ROOT.resolve("pom.xml"), copy.resolve("pom.xml"));
    return copy;
  }

  /** A JDK whose release file says {@code version} and whose bin/java is the shell script {@code java}. */
  private static Path fakeJdk(String name, String version, String java) throws IOException {
    Path jdk = BASE.resolve(name);
    Files.createDirectories(jdk);
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    executable(jdk.resolve("bin/java"), java);
    return jdk;
  }

  /**
   * A checkout of deploy/segeval's files that looks built: an (empty) jar and a class path file
   * newer than its sources (it has none), so that the launcher goes straight to java.
   */
  private static Path builtCopy(String name) throws IOException {
    Path copy = copyOfDeploy(name, SEGEVAL_FILES);
    Path target = Files.createDirectories(copy.resolve("jobs/target"));
    Files.writeString(target.resolve("runtime-classpath.txt"), "/nonexistent.jar");
    Files.writeString(target.resolve("segeval-jobs-0.1.0.jar"), "");
    return copy;
  }

  private static void executable(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }
}
