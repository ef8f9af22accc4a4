package io.segeval.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.jobs.LogCapture;
import io.segeval.jobs.input.ImagePair;
import io.segeval.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.junit.jupiter.api.Test;

/** The per-image stage's progress lines: images taken so far, at most one line per 10 s, none at the end. */
class ImageProgressTest {
  private static final String LOGGER = ImageProgress.class.getName();

  @Test
  void runningAndEndedTasksAddUpAndALineComesAtMostEveryTenSeconds() {
    AtomicLong clock = new AtomicLong(1_000_000);
    ImageProgress progress = new ImageProgress(TestSpark.get().sparkContext(), 400, clock::get);
    try (LogCapture log = LogCapture.of(Level.INFO, LOGGER)) {
      clock.addAndGet(5_000);
      progress.taskSoFar(1, 30); // within the first 10 s: no line
      clock.addAndGet(7_000);
      progress.taskSoFar(2, 20); // a heartbeat of another task, 12 s in
      progress.taskSoFar(1, 45); // the first task's next heartbeat, the same instant: no second line
      clock.addAndGet(10_000);
      progress.taskEnded(1, 50); // its final count replaces its heartbeats'
      clock.addAndGet(10_000);
      progress.taskEnded(3, 0); // a task of the aggregate's other stage: nothing new, no line
      clock.addAndGet(4_000_000);
      progress.taskSoFar(2, 350); // every image taken: "per-image stage done" says it
      assertEquals(List.of("INFO " + LOGGER + ": per-image stage: 50 of 400 images (12%), 0:12",
          "INFO " + LOGGER + ": per-image stage: 70 of 400 images (17%), 0:22"), log.lines());
    }
    assertEquals(400, progress.taken());
    assertEquals("per-image stage: 1,234 of 5,000 images (24%), 1:02:03", new ImageProgress(
        TestSpark.get().sparkContext(), 5_000, clock::get).line(1_234, 3_723_000));
  }

  /** In a real job the evaluator's images are counted in the accumulator the listener reads at each task's end. */
  @Test
  void theCountingEvaluatorCountsEveryImageOfEveryPartition() throws Exception {
    ImageProgress progress = ImageProgress.start(TestSpark.get().sparkContext(), 7);
    try {
      List<ImagePair> pairs = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        ImagePair p = new ImagePair();
        p.setImageId("img_" + i);
        pairs.add(p);
      }
      MapPartitionsFunction<ImagePair, String> ids = in -> {
        List<String> out = new ArrayList<>();
        in.forEachRemaining(p -> out.add(p.getImageId()));
        return out.iterator();
      };
      List<String> evaluated = new JavaSparkContext(TestSpark.get().sparkContext()).parallelize(pairs, 3)
          .mapPartitions(progress.counting(ids)::call).collect();
      assertEquals(7, evaluated.size());
      TestSpark.get().sparkContext().listenerBus().waitUntilEmpty(10_000);
      assertEquals(7, progress.taken());
    } finally {
      progress.close();
    }
  }
}
