package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJobsTest {
  @TempDir Path tmp;

  /**
   * Spark fails a job when one task fails while its other tasks still run: a failed run must not
   * clean up under them. Task 0 fails at once; task 1 writes a file 1.5 s later.
   */
  @Test
  void aFailedRunWaitsForItsOtherTasksToEnd() {
    SparkContext sc = TestSpark.get().sparkContext();
    String late = tmp.resolve("written-late").toString();
    RunJobs jobs = RunJobs.start(sc);
    try {
      assertThrows(Exception.class, () -> new JavaSparkContext(sc).parallelize(List.of(0, 1), 2).foreach(i -> {
        if (i == 0) {
          throw new IllegalStateException("task 0 fails");
        }
        Thread.sleep(1500);
        Files.writeString(Path.of(late), "done");
      }));
      jobs.cancelAndAwait();
      assertTrue(Files.exists(Path.of(late)), "the other task ended before cancelAndAwait returned");
    } finally {
      jobs.close();
    }
    assertEquals(0, sc.getJobTags().size(), "the tag is removed");
  }
}
