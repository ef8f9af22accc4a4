package io.segeval.jobs.run;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The running tasks of the jobs that carry a tag, counted from Spark's listener events as they
 * come: what {@link RunJobs} waits for after a failure. Spark's status store is no substitute: it
 * writes a live stage's task counts at most every {@code spark.ui.liveUpdate.period} (100 ms), and
 * drops completed jobs and stages beyond its retention limits in a long-lived session.
 */
final class RunTasks extends SparkListener {
  private final String tag;
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final AtomicInteger running = new AtomicInteger();

  RunTasks(String tag) {
    this.tag = tag;
  }

  int running() {
    return running.get();
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String tags = job.properties() == null ? null : job.properties().getProperty(SparkContext$.MODULE$.SPARK_JOB_TAGS());
    if (tags != null && Arrays.asList(tags.split(SparkContext$.MODULE$.SPARK_JOB_TAGS_SEP())).contains(tag)) {
      scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds()).forEach(id -> stages.add((Integer) id));
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart task) {
    if (stages.contains(task.stageId())) {
      running.incrementAndGet();
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    if (stages.contains(task.stageId())) {
      running.decrementAndGet();
    }
  }
}
