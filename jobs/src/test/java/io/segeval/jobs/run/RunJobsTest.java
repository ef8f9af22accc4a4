package io.segeval.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.demo.DemoDataset;
import io.segeval.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJobsTest {
  @TempDir Path tmp;

  /**
   * Spark fails a job when one task fails while its other tasks still run: a failed run must not
   * clean up under them. Task 0 fails as soon as task 1 runs (in a busy session task 1 might
   * otherwise not have started at all); task 1 writes a file 1.5 s later.
   */
  @Test
  void aFailedRunWaitsForItsOtherTasksToEnd() {
    SparkContext sc = TestSpark.get().sparkContext();
    String started = tmp.resolve("task-1-started").toString();
    String late = tmp.resolve("written-late").toString();
    RunJobs jobs = RunJobs.start(sc, "test");
    try {
      assertThrows(Exception.class, () -> new JavaSparkContext(sc).parallelize(List.of(0, 1), 2).foreach(i -> {
        if (i == 0) {
          for (int wait = 0; wait < 500 && !Files.exists(Path.of(started)); wait++) {
            Thread.sleep(20);
          }
          throw new IllegalStateException("task 0 fails");
        }
        Files.writeString(Path.of(started), "");
        Thread.sleep(1500);
        Files.writeString(Path.of(late), "done");
      }));
      assertTrue(Files.exists(Path.of(started)), "task 1 ran while task 0 failed");
      jobs.cancelAndAwait();
      assertTrue(Files.exists(Path.of(late)), "the other task ended before cancelAndAwait returned");
    } finally {
      jobs.close();
    }
    assertEquals(0, sc.getJobTags().size(), "the tag is removed");
  }

  /** What a stage persisted and hands back stays until the run ends, then it is removed before close returns. */
  @Test
  void persistedDataIsFreedWhenTheRunEnds() {
    SparkContext sc = TestSpark.get().sparkContext();
    RunJobs jobs = RunJobs.start(sc, "test");
    JavaRDD<Integer> kept = new JavaSparkContext(sc).parallelize(List.of(1, 2, 3, 4), 2).persist(StorageLevel.MEMORY_ONLY());
    try {
      assertEquals(4, kept.count());
      RunJobs.unpersistAtEnd(kept.rdd());
      assertTrue(sc.getPersistentRDDs().contains(kept.id()), "kept while the run goes on");
    } finally {
      jobs.close();
    }
    assertFalse(sc.getPersistentRDDs().contains(kept.id()));
    assertTrue(SparkEnv.get().blockManager().getMatchingBlockIds(
        id -> id.asRDDId().isDefined() && id.asRDDId().get().rddId() == kept.id()).isEmpty(), "its blocks are removed");
  }

  /** Spark's status store: the tasks running now, once it has caught up with the events posted so far. */
  private static int runningTasks(SparkContext sc) throws Exception {
    sc.listenerBus().waitUntilEmpty(10_000);
    int running = 0;
    for (SparkExecutorInfo e : sc.statusTracker().getExecutorInfos()) {
      running += e.numRunningTasks();
    }
    return running;
  }

  /**
   * The same through the command line, where the failure is Spark's job failure (a checked
   * SparkException, thrown undeclared): the run still cancels its jobs and waits for its other
   * tasks, and frees the rows it kept, before it returns. Image "a" is bad; the other partition
   * reads large images.
   */
  @Test
  void aFailedEvaluationReturnsWhenItsTasksHaveEndedAndItsRowsAreFreed() throws Exception {
    SparkContext sc = TestSpark.get().sparkContext();
    DemoDataset.write(tmp.resolve("data"), 8, 3L, 1024);
    Files.write(tmp.resolve("data/pred/a.npy"), NpyWriter.encodeFloat32(new int[] {1, 2}, new float[] {0, Float.NaN}));
    Files.write(tmp.resolve("data/mask/a.png"), PngMask.encodeGray8(1, 2, new byte[2]));
    for (int run = 0; run < 2; run++) {
      CliRun failed = CliRun.of("evaluate", "--pred", tmp.resolve("data/pred").toString(),
          "--target", tmp.resolve("data/mask").toString(), "--output", tmp.resolve("out").toString(), "--partitions", "2");
      assertEquals(1, failed.exitCode(), failed.err());
      assertTrue(failed.err().startsWith("segeval: image 'a' "), failed.err());
      assertEquals(0, runningTasks(sc), "no task of the failed run still runs");
      assertEquals(0, sc.getPersistentRDDs().size(), "the kept rows are freed");
      assertEquals(0, sc.getJobTags().size(), "the tag is removed");
    }
  }
}
