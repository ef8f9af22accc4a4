package io.segeval.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.jobs.CliRun;
import io.segeval.jobs.LogCapture;
import io.segeval.jobs.lovasz.GlobalLovasz;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Spark job of a run carries a description of its step, which Spark's UI, event log and
 * history server show ("SegEval evaluate: writing per_image/"), and the caller's own description
 * is back when the run ends.
 */
class JobDescriptionsTest {
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir Path tmp;

  private final SparkContext sc = TestSpark.get().sparkContext();

  /** The distinct descriptions of the jobs started, in order of their first job. */
  private static final class Descriptions extends SparkListener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      String d = e.properties() == null ? null : e.properties().getProperty(RunJobs.JOB_DESCRIPTION);
      if (!seen.contains(String.valueOf(d))) {
        seen.add(String.valueOf(d));
      }
    }
  }

  private List<String> descriptionsOf(String... args) throws Exception {
    Descriptions d = new Descriptions();
    sc.addSparkListener(d);
    try {
      CliRun run = CliRun.of(args);
      assertEquals(0, run.exitCode(), run.err());
      sc.listenerBus().waitUntilEmpty(10_000);
    } finally {
      sc.removeSparkListener(d);
    }
    return d.seen;
  }

  @AfterEach
  void noDescriptionLeft() {
    sc.setJobDescription(null);
  }

  @Test
  void aFolderRunDescribesEachStepAndGivesTheCallersDescriptionBack() throws Exception {
    sc.setJobDescription("the notebook's own job");
    List<String> seen;
    List<String> logged;
    try (LogCapture log = LogCapture.of(Level.INFO, GlobalLovasz.class.getName())) {
      seen = descriptionsOf("evaluate", "--pred", DATA.resolve("pred").toString(),
          "--target", DATA.resolve("mask").toString(), "--output", tmp.resolve("out").toString(), "--lovasz", "both");
      logged = log.lines();
    }
    assertEquals(List.of(
        "SegEval evaluate: per-image stage, 16 images (binary)",
        "SegEval evaluate: writing per_image/",
        "SegEval evaluate: dataset-wide Lovász, 1/3: sampling the errors for bucket boundaries",
        "SegEval evaluate: dataset-wide Lovász, 2/3: cutting the errors into buckets and counting them",
        "SegEval evaluate: dataset-wide Lovász, 3/3: sorting and sweeping each bucket",
        "SegEval evaluate: writing metrics/"), seen);
    assertEquals("the notebook's own job", sc.getLocalProperty(RunJobs.JOB_DESCRIPTION));
    // the dataset-wide Lovász, which runs after the per-image stage's progress lines, logs its steps too
    String info = "INFO " + GlobalLovasz.class.getName() + ": dataset-wide Lovász, ";
    assertEquals(List.of(info + "1/3: sampling the errors for bucket boundaries",
        info + "2/3: cutting the errors into buckets and counting them",
        info + "3/3: sorting and sweeping each bucket"),
        logged.stream().filter(l -> l.startsWith(info)).toList(), String.join("\n", logged));
  }

  @Test
  void aTableRunDescribesItsReadingToo() throws Exception {
    Path table = tmp.resolve("packed");
    assertEquals(List.of("SegEval pack: packing 16 images into " + table), descriptionsOf("pack",
        "--pred", DATA.resolve("pred").toString(), "--target", DATA.resolve("mask").toString(),
        "--output", table.toString()));
    List<String> seen = descriptionsOf("evaluate", "--table", table.toString(),
        "--output", tmp.resolve("out").toString());
    assertEquals(List.of(
        "SegEval evaluate: reading the tables' schemas",
        "SegEval evaluate: finding image ids that several rows share",
        "SegEval evaluate: reading the first prediction, to tell labels from scores",
        "SegEval evaluate: counting the tables' images",
        "SegEval evaluate: per-image stage, 16 images (binary)",
        "SegEval evaluate: writing per_image/",
        "SegEval evaluate: writing metrics/"), seen);
    assertEquals(null, sc.getLocalProperty(RunJobs.JOB_DESCRIPTION));
  }
}
