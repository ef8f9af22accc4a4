package io.segeval.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Where a route's time goes: the Spark jobs it ran (call site, duration, their tasks' run and CPU
 * time) and the time outside any job (planning, listing, the driver's own work), for {@code --jobs}.
 */
final class JobTimes extends SparkListener {
  private record Job(int id, String callSite, long start, long end, TaskTimes tasks) {}

  /** A job's finished tasks: how many, their run time (ms, wall) and their executors' CPU time (ns). */
  private static final class TaskTimes {
    int count;
    long runMillis;
    long cpuNanos;
  }

  private final Map<Integer, Job> running = new ConcurrentHashMap<>();
  private final Map<Integer, TaskTimes> byStage = new ConcurrentHashMap<>();
  private final List<Job> done = new ArrayList<>();

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    // SegEval's description of the job ("SegEval evaluate: writing per_image/"), else the final
    // stage's name: the action's call site, e.g. "count at Evaluation.java:44"
    String description = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
    String site = description != null ? description : e.stageInfos().isEmpty() ? "?" : e.stageInfos().last().name();
    TaskTimes tasks = new TaskTimes();
    for (Object stage : CollectionConverters.asJava(e.stageIds())) {
      byStage.put((Integer) stage, tasks);
    }
    running.put(e.jobId(), new Job(e.jobId(), site, e.time(), 0, tasks));
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    TaskTimes tasks = byStage.get(e.stageId());
    if (tasks != null && e.taskMetrics() != null) {
      tasks.count++;
      tasks.runMillis += e.taskMetrics().executorRunTime();
      tasks.cpuNanos += e.taskMetrics().executorCpuTime();
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd e) {
    Job j = running.remove(e.jobId());
    if (j != null) {
      done.add(new Job(j.id(), j.callSite(), j.start(), e.time(), j.tasks()));
    }
  }

  synchronized void clear() {
    done.clear();
    byStage.clear();
  }

  /** The jobs since {@link #clear()}, and the wall time not covered by any of them. */
  synchronized String describe(long startMillis, long endMillis) {
    StringBuilder b = new StringBuilder();
    long covered = 0;
    long coveredUntil = startMillis;
    List<Job> jobs = new ArrayList<>(done);
    jobs.sort((a, c) -> Long.compare(a.start(), c.start()));
    for (Job j : jobs) {
      TaskTimes t = j.tasks();
      b.append(String.format(Locale.ROOT, "      job %3d %7.2f s  %s  (%d task%s: run %.2f s, CPU %.2f s)%n", j.id(),
          (j.end() - j.start()) / 1e3, j.callSite(), t.count, t.count == 1 ? "" : "s", t.runMillis / 1e3,
          t.cpuNanos / 1e9));
      long from = Math.max(j.start(), coveredUntil);
      if (j.end() > from) {
        covered += j.end() - from;
        coveredUntil = j.end();
      }
    }
    b.append(String.format(Locale.ROOT, "      outside any job: %.2f s of %.2f s%n",
        (endMillis - startMillis - covered) / 1e3, (endMillis - startMillis) / 1e3));
    return b.toString();
  }
}
