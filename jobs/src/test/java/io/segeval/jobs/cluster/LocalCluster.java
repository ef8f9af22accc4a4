package io.segeval.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The standalone cluster of {@code deploy/local-cluster} (one master, two workers, 127.0.0.1),
 * started and stopped by a test class. It remembers the pid of every process of the cluster it saw
 * (master, workers, executors) and {@link #close} checks that each one has ended.
 */
final class LocalCluster implements AutoCloseable {
  private static final Path DIR = Scripts.WORK.resolve("local-cluster");
  private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  final String masterUrl;
  private final Set<Long> seen = new TreeSet<>();

  private LocalCluster(String masterUrl) {
    this.masterUrl = masterUrl;
    seen.add(pid("master"));
    seen.addAll(workerPids());
  }

  static LocalCluster start() {
    Scripts.run(60, "local-cluster", "stop"); // a cluster left over by an interrupted run
    String out = Scripts.run(180, "local-cluster", "start");
    String url = out.substring(out.lastIndexOf('\n') + 1);
    if (!url.matches("spark://127\\.0\\.0\\.1:\\d+")) {
      throw new AssertionError("deploy/local-cluster start printed " + out);
    }
    return new LocalCluster(url);
  }

  List<Long> workerPids() {
    return List.of(pid("worker-1"), pid("worker-2"));
  }

  /** The executor JVMs the workers of this cluster run now (the workers' child processes). */
  List<Long> executorPids() {
    List<Long> pids = new ArrayList<>();
    for (long worker : workerPids()) {
      ProcessHandle.of(worker).ifPresent(w -> w.children()
          .filter(c -> commandLine(c.pid()).contains(EXECUTOR_CLASS))
          .forEach(c -> pids.add(c.pid())));
    }
    seen.addAll(pids);
    return pids;
  }

  /** The worker folder of an executor JVM: WORKER_DIR/APP_ID/EXECUTOR_ID, where its stderr is. */
  Path executorDir(long pid) {
    String[] args = commandLine(pid).split(" ");
    String app = null;
    String id = null;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--app-id")) {
        app = args[i + 1];
      } else if (args[i].equals("--executor-id")) {
        id = args[i + 1];
      }
    }
    return workerFolder(Path.of(String.valueOf(app), String.valueOf(id)), "executor " + id + " of " + app);
  }

  /** The folder a worker ran a cluster-mode driver in: WORKER_DIR/DRIVER_ID (the app jar, stdout, stderr). */
  Path driverDir(String driverId) {
    return workerFolder(Path.of(driverId), driverId);
  }

  /** {@code folder} under the work folder of the worker that has it. */
  private static Path workerFolder(Path folder, String what) {
    for (int w = 1; w <= 2; w++) {
      Path dir = DIR.resolve("worker-" + w).resolve(folder);
      if (Files.isDirectory(dir)) {
        return dir;
      }
    }
    throw new AssertionError("no worker folder for " + what);
  }

  /** How many executors the workers launched for an application (one folder each). */
  int executorsLaunched(String app) {
    int n = 0;
    for (int w = 1; w <= 2; w++) {
      File[] executors = DIR.resolve("worker-" + w).resolve(app).toFile().listFiles(File::isDirectory);
      n += executors == null ? 0 : executors.length;
    }
    return n;
  }

  /**
   * Stops the cluster with {@code deploy/local-cluster stop} and checks every process it had is gone.
   * {@code status} and {@code stop} run with {@code SEGEVAL_WORKERS=1}: they go by the pid files
   * {@code start} wrote, so both still see and end the second worker.
   */
  @Override
  public void close() {
    executorPids();
    Map<String, String> oneWorker = Map.of("SEGEVAL_WORKERS", "1");
    String status = Scripts.run(60, oneWorker, "local-cluster", "status");
    if (!status.contains("worker-2 pid " + pid("worker-2"))) {
      throw new AssertionError("deploy/local-cluster status does not list worker-2:\n" + status);
    }
    Scripts.run(120, oneWorker, "local-cluster", "stop");
    List<Long> alive = new ArrayList<>();
    for (long pid : seen) {
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isPresent() && p.get().isAlive()) {
        try {
          p.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          alive.add(pid);
          p.get().destroyForcibly();
        }
      }
    }
    if (!alive.isEmpty()) {
      throw new AssertionError("deploy/local-cluster stop left processes running (killed now): " + alive);
    }
  }

  private static long pid(String daemon) {
    try {
      return Long.parseLong(Files.readString(DIR.resolve(daemon + ".pid")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String commandLine(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return ""; // ended
    }
  }
}
