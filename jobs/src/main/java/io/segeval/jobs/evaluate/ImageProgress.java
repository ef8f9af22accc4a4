package io.segeval.jobs.evaluate;

import io.segeval.jobs.input.ImagePair;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The per-image stage's progress in the log: "per-image stage: 24 of 40 images (60%), 0:48". The
 * evaluator counts the images it takes in an accumulator; the executors' heartbeats
 * ({@code spark.executor.heartbeatInterval}, 10 s) carry each running task's count so far, a task's
 * end its final one, so a line comes at most every {@link #EVERY} while images are read, on a
 * cluster too, and none for a stage shorter than that.
 */
final class ImageProgress extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ImageProgress.class);

  /** The shortest time between two lines. */
  static final Duration EVERY = Duration.ofSeconds(10);

  private final SparkContext sc;
  private final LongAccumulator images;
  private final long total;
  private final LongSupplier clockMillis;
  private final long startMillis;
  /** Images so far of each running task (by task id), from its heartbeats. */
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private long ended;
  private long lastLogMillis;
  private long lastLogged;

  ImageProgress(SparkContext sc, long total, LongSupplier clockMillis) {
    this.sc = sc;
    this.images = sc.longAccumulator("segeval images taken");
    this.total = total;
    this.clockMillis = clockMillis;
    this.startMillis = clockMillis.getAsLong();
    this.lastLogMillis = startMillis;
  }

  /** Logs the progress of {@code total} images while the stage runs; {@link #close} ends it. */
  static ImageProgress start(SparkContext sc, long total) {
    ImageProgress progress = new ImageProgress(sc, total, System::currentTimeMillis);
    sc.addSparkListener(progress);
    return progress;
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }

  /** {@code evaluator}, each image it takes counted. */
  <R> MapPartitionsFunction<ImagePair, R> counting(MapPartitionsFunction<ImagePair, R> evaluator) {
    return new Counting<>(evaluator, images);
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
        : CollectionConverters.asJava(update.accumUpdates())) {
      Long count = countIn(task._4());
      if (count != null) {
        taskSoFar((Long) task._1(), count);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Long count = countIn(end.taskInfo().accumulables());
    taskEnded(end.taskInfo().taskId(), count == null ? 0 : count);
  }

  /** This accumulator's update among a task's, or null. */
  private Long countIn(scala.collection.Seq<AccumulableInfo> infos) {
    for (AccumulableInfo info : CollectionConverters.asJava(infos)) {
      if (info.id() == images.id() && info.update().isDefined()) {
        return ((Number) info.update().get()).longValue();
      }
    }
    return null;
  }

  synchronized void taskSoFar(long taskId, long count) {
    running.put(taskId, count);
    maybeLog();
  }

  synchronized void taskEnded(long taskId, long count) {
    running.remove(taskId);
    ended += count;
    maybeLog();
  }

  /** Images taken so far: those of the ended tasks and the running tasks' counts. */
  synchronized long taken() {
    return ended + running.values().stream().mapToLong(Long::longValue).sum();
  }

  private void maybeLog() {
    long now = clockMillis.getAsLong();
    long taken = Math.min(taken(), total);
    if (now - lastLogMillis < EVERY.toMillis() || taken == lastLogged || taken == total) {
      return; // the stage's end is said by "per-image stage done"
    }
    lastLogMillis = now;
    lastLogged = taken;
    LOG.info(line(taken, now - startMillis));
  }

  /** "per-image stage: 24 of 40 images (60%), 0:48". */
  String line(long taken, long elapsedMillis) {
    long s = elapsedMillis / 1000;
    String elapsed = s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    return String.format(Locale.ROOT, "per-image stage: %,d of %,d images (%d%%), %s", taken, total,
        taken * 100 / Math.max(1, total), elapsed);
  }

  /** The evaluator over an iterator that adds 1 to the accumulator per image taken. */
  private record Counting<R>(MapPartitionsFunction<ImagePair, R> evaluator, LongAccumulator images)
      implements MapPartitionsFunction<ImagePair, R> {
    @Override
    public Iterator<R> call(Iterator<ImagePair> pairs) throws Exception {
      return evaluator.call(new Iterator<>() {
        @Override
        public boolean hasNext() {
          return pairs.hasNext();
        }

        @Override
        public ImagePair next() {
          ImagePair pair = pairs.next();
          images.add(1);
          return pair;
        }
      });
    }
  }
}
