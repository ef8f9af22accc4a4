package io.segeval.jobs.limit;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.output.Rejections;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.run.RunJobs;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * {@code --max-rejected N} before the end of the per-image stage: a run that skips more than N
 * records stops as soon as that is known, not after the last image. The folders' pairing problems
 * are known on the driver: more than N of them stop the run before any Spark job. In the stage,
 * each partition adds its skipped records to a {@link SkippedByPartition} when it is done, and a
 * listener on the driver cancels the run's jobs once the partitions done hold more than N, unless
 * every partition is done (the stage then ends as it would anyway, and {@link Rejections#collect}
 * fails the run with the exact count). Either way the log names the records skipped so far, and
 * no OUTPUT is written. Under the limit nothing changes: the numbers come from the rows.
 */
public final class MaxRejected {
  private static final Logger LOG = LogManager.getLogger(MaxRejected.class);
  /** The words of the cancellation, which the scheduler repeats for each task it kills (BadRecordLogFilter drops those). */
  public static final String CANCELLED = "SegEval stopped the per-image stage: more than --max-rejected";
  /** Whether a run in this JVM was stopped early: its killed tasks' cleanup may then log (BadRecordLogFilter). */
  private static volatile boolean stoppedARun;
  /** -1: no limit. */
  public static final long NO_LIMIT = -1;

  private final SparkContext sc;
  private final long max;
  private final GroupBy groupBy;
  private final SkippedByPartition skipped = new SkippedByPartition();
  /** Guards {@link #stopped} and {@link #stageEnded}: no cancel once the stage's jobs returned (it would hit the next). */
  private final Object lock = new Object();
  private boolean stopped;
  private boolean stageEnded;

  private MaxRejected(SparkContext sc, long max, GroupBy groupBy) {
    this.sc = sc;
    this.max = max;
    this.groupBy = groupBy;
    if (max != NO_LIMIT) {
      sc.register(skipped, "segeval skipped records by partition");
    }
  }

  /** The watch of a per-image stage for {@code max} ({@value #NO_LIMIT}: none, and {@link #counting} is null). */
  public static MaxRejected of(SparkContext sc, long max, GroupBy groupBy) {
    return new MaxRejected(sc, max, groupBy);
  }

  /**
   * Stops the run before any Spark job when the pairs' problems (a file without its partner, a
   * shared image_id, an unreadable file type) alone are more than {@code max}; nothing without a limit.
   */
  public static void requirePairingUnder(List<ImagePair> pairs, long max, GroupBy groupBy) {
    if (max == NO_LIMIT) {
      return;
    }
    SkippedSoFar problems = new SkippedSoFar();
    for (ImagePair p : pairs) {
      if (p.getProblem() != null) {
        Reason why = p.problemReason();
        problems.add(new SkippedRecord(p.getImageId(), p.problemFile(), why.text(), why.kind(), p.getGroupKey()));
      }
    }
    if (problems.count() > max) {
      throw stop(problems, groupBy, Reason.of(
          "more than --max-rejected {} by the pairing problems of the folders alone: the per-image stage was not started",
          max));
    }
  }

  /** The counting of the stage's rows, or null without a limit. */
  public <R> SkipCounting<R> counting(SkipCounting.Skipped<R> skippedOf) {
    return max == NO_LIMIT ? null : new SkipCounting<>(skipped, skippedOf);
  }

  /**
   * Runs {@code stage} (the per-image stage's jobs over {@code partitions} partitions), watching the
   * partitions done; when they hold more than the limit before all are done, the run's jobs are
   * cancelled and this throws the bad-record failure that names what was skipped so far.
   */
  public <T> T watching(int partitions, Supplier<T> stage) {
    if (max == NO_LIMIT) {
      return stage.get();
    }
    RunJobs run = RunJobs.current();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        // the task's accumulator updates are merged before its end is posted
        if (skipped.partitionsDone() == partitions || skipped.count() <= max || run == null) {
          return;
        }
        synchronized (lock) {
          if (!stopped && !stageEnded) {
            stopped = true;
            stoppedARun = true;
            run.cancel(CANCELLED + " " + max + " records skipped");
          }
        }
      }
    };
    sc.addSparkListener(listener);
    try {
      T result = stage.get();
      synchronized (lock) {
        stageEnded = true;
      }
      return result;
    } catch (Exception e) { // Spark's job failures (SparkException) are checked exceptions, thrown undeclared
      if (stopped()) {
        throw stop(skipped.total(), groupBy, Reason.of(
            "more than --max-rejected {}: the per-image stage was stopped early, after {} of {} partitions",
            max, skipped.partitionsDone(), partitions));
      }
      throw e;
    } finally {
      sc.removeSparkListener(listener);
    }
  }

  /** Whether a run in this JVM was stopped early by its limit (so its killed tasks may have logged their cleanup). */
  public static boolean hasStoppedARun() {
    return stoppedARun;
  }

  private boolean stopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /** Logs what was skipped so far (by class of reason, then the first records) and returns the failure. */
  private static BadRecordException stop(SkippedSoFar so, GroupBy groupBy, Reason limit) {
    LOG.warn("skipped at least {} bad record(s) so far, by reason:", so.count());
    Rejections.byReasonLines(so.byKind()).forEach(LOG::warn);
    List<Summary.Item> items = so.first().stream().map(r -> new Summary.Item(r.imageId(), r.file(), r.reason(),
        r.groupKey() == null || groupBy.isEmpty() ? null : groupBy.decode(r.groupKey()))).toList();
    Rejections.namingLines(items, so.count(), " so far").forEach(LOG::warn);
    return new BadRecordException(Reason.of("at least {} {} skipped, {}; see the reasons above", so.count(),
        so.count() == 1 ? "record was" : "records were", limit));
  }
}
