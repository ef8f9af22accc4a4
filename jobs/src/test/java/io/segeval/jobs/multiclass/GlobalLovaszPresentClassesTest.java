package io.segeval.jobs.multiclass;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.core.lovasz.LovaszSoftmax;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.jobs.lovasz.GlobalLovasz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset-wide Lovász-softmax sorts only the classes present in the targets (spec §4: the
 * loss is the mean over those classes): per block, the whole dataset's and each group's. C = 3000,
 * two 4×4 images: {@code a/img0} with targets of classes 0 and 5 (and one ignored pixel),
 * {@code b/img1} with classes 5 and 2999. So 3 + 2 + 2 = 7 of the 3 × 3000 series are sorted, in
 * one bucket each (all in one partition), and the losses are those of the reference sweep over the blocks' pixels as one
 * vector ({@link LovaszSoftmax#perImage} of the concatenated probabilities).
 */
class GlobalLovaszPresentClassesTest {
  private static final int C = 3000;
  private static final int N = 16;

  @TempDir Path tmp;

  private record Image(double[] logits, double[] target) {}

  private static Image write(Path dir, String id, int[] classes, Random rnd) throws IOException {
    float[] logits = new float[C * N];
    double[] target = new double[N];
    short[] labels = new short[N];
    for (int j = 0; j < N; j++) {
      target[j] = j == 3 ? 255 : classes[j % classes.length];
      labels[j] = (short) target[j];
    }
    for (int k = 0; k < logits.length; k++) {
      logits[k] = (float) rnd.nextGaussian();
    }
    double[] widened = new double[logits.length];
    for (int k = 0; k < logits.length; k++) {
      widened[k] = logits[k];
    }
    Path pred = dir.resolve("pred").resolve(id + ".npy");
    Path mask = dir.resolve("mask").resolve(id + ".png");
    Files.createDirectories(pred.getParent());
    Files.createDirectories(mask.getParent());
    Files.write(pred, NpyWriter.encodeFloat32(new int[] {C, 4, 4}, logits));
    Files.write(mask, PngMask.encodeGray16(4, 4, labels));
    return new Image(widened, target);
  }

  /** The reference: the Lovász-softmax of the images' pixels as one vector. */
  private static double asOneVector(Image... images) {
    int n = images.length * N;
    double[] probs = new double[C * n];
    double[] labels = new double[n];
    for (int i = 0; i < images.length; i++) {
      double[] p = new double[C * N];
      new MulticlassCounts(MulticlassParams.of(C)).update(images[i].logits(), images[i].target(), N, 4, p);
      for (int c = 0; c < C; c++) {
        System.arraycopy(p, c * N, probs, c * n + i * N, N);
      }
      System.arraycopy(images[i].target(), 0, labels, i * N, N);
    }
    return LovaszSoftmax.perImage(probs, C, labels, n, 255, new LovaszWorkspace());
  }

  @Test
  void onlyTheClassesPresentInEachBlocksTargetsAreSorted() throws IOException {
    Random rnd = new Random(11);
    Image a = write(tmp, "a/img0", new int[] {0, 5}, rnd);
    Image b = write(tmp, "b/img1", new int[] {5, 2999}, rnd);
    List<String> log;
    try (LogLines lines = new LogLines(GlobalLovasz.class.getName())) {
      JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", Integer.toString(C),
          "--pred", tmp.resolve("pred").toString(), "--target", tmp.resolve("mask").toString(),
          "--output", tmp.resolve("out").toString(), "--ignore-index", "255", "--lovasz", "global", "--group-by", "image_dir",
          "--partitions", "2");
      assertEquals(0, run.exit(), run.err());
      log = List.copyOf(lines.messages);
    }
    // the 7 tiny buckets share one partition: one task each for the totals and the sweep, not 7
    assertEquals(List.of("dataset-wide Lovász, 1/3: sampling the errors for bucket boundaries",
        "dataset-wide Lovász: 7 of 9000 series sorted in 7 buckets",
        "dataset-wide Lovász: 7 bucket(s) in 1 partition(s)",
        // no target pixel has a probability of exactly 1 (an error of 0, in no run): each class qualifies
        "dataset-wide Lovász: 7 of 7 sorted series leave out the runs below their least target error",
        "dataset-wide Lovász, 2/3: cutting the errors into buckets and counting them",
        "dataset-wide Lovász, 3/3: sorting and sweeping each bucket"), log);
    JsonNode s = JobRuns.summary(tmp.resolve("out"));
    assertClose(asOneVector(a, b), s.get("dataset").get("lovasz_softmax_loss").asDouble(), 1e-12, "dataset");
    assertClose(asOneVector(a), s.get("groups").get(0).get("dataset").get("lovasz_softmax_loss").asDouble(), 1e-12, "a");
    assertClose(asOneVector(b), s.get("groups").get(1).get("dataset").get("lovasz_softmax_loss").asDouble(), 1e-12, "b");
  }

  /** The INFO messages of one logger while open (and not printed). */
  private static final class LogLines implements AutoCloseable {
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final String logger;
    private final LoggerContext context = LoggerContext.getContext(false);

    LogLines(String logger) {
      this.logger = logger;
      AbstractAppender appender = new AbstractAppender("test-" + logger, null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
          messages.add(event.getMessage().getFormattedMessage());
        }
      };
      appender.start();
      Configuration config = context.getConfiguration();
      LoggerConfig lc = new LoggerConfig(logger, Level.INFO, false);
      lc.addAppender(appender, Level.INFO, null);
      config.addLogger(logger, lc);
      context.updateLoggers();
    }

    @Override
    public void close() {
      context.getConfiguration().removeLogger(logger);
      context.updateLoggers();
    }
  }
}
