package io.segeval.jobs.multiclass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C = 1000: the state stays small on the wire, and a job runs. */
class ThousandClassesTest {
  private static final int C = 1000;

  @TempDir Path tmp;

  /** One 16×24 image: logits favouring the target class (labels 0..999, 16-bit PNG), a few 255s. */
  private static void writeImage(Path dir, String id, Random rnd) throws IOException {
    int h = 16;
    int w = 24;
    int n = h * w;
    short[] target = new short[n];
    float[] logits = new float[C * n];
    for (int j = 0; j < n; j++) {
      int t = rnd.nextInt(C);
      target[j] = (short) (rnd.nextInt(50) == 0 ? 255 : t);
      for (int c = 0; c < C; c++) {
        logits[c * n + j] = (float) rnd.nextGaussian();
      }
      logits[t * n + j] += 5; // the prediction's argmax is t for most pixels
    }
    Files.createDirectories(dir.resolve("pred"));
    Files.createDirectories(dir.resolve("mask"));
    Files.write(dir.resolve("pred").resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {C, h, w}, logits));
    Files.write(dir.resolve("mask").resolve(id + ".png"), PngMask.encodeGray16(h, w, target));
  }

  @Test
  void aStateOfAThousandClassesSerializesCompactlyAndExactly() throws Exception {
    MulticlassParams params = MulticlassParams.of(C);
    MulticlassEvaluation state = new MulticlassEvaluation(params);
    Random rnd = new Random(7);
    int n = 64;
    double[] pred = new double[C * n];
    double[] target = new double[n];
    for (int k = 0; k < pred.length; k++) {
      pred[k] = rnd.nextGaussian();
    }
    for (int j = 0; j < n; j++) {
      target[j] = rnd.nextInt(C);
    }
    state.counts().update(pred, target, n, 8);
    state.addPerImageLovasz(0.25);

    // Java serialization (Spark's buffer encoder) goes through the deflated bytes: 8 MB of longs
    // (mostly zeros) become a few kilobytes.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    }
    assertTrue(bytes.size() < 100_000, "serialized size " + bytes.size());
    MulticlassEvaluation back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (MulticlassEvaluation) in.readObject();
    }
    MulticlassCounts a = state.counts();
    MulticlassCounts b = back.counts();
    assertEquals(a.pixels(), b.pixels());
    for (int c = 0; c < C; c++) {
      assertEquals(a.targetCount(c), b.targetCount(c));
      assertEquals(a.predictedCount(c), b.predictedCount(c));
      assertEquals(a.truePositives(c), b.truePositives(c));
      assertEquals(a.predictedSum(c), b.predictedSum(c));
      assertEquals(a.intersection(c), b.intersection(c));
    }
    assertEquals(a.crossEntropySum(), b.crossEntropySum());
    assertEquals(0.25, back.perImageLovaszMean());
    assertEquals(state.counts().summary().datasetValues(), MulticlassEvaluation.fromBytes(state.toBytes()).counts().summary().datasetValues());
  }

  @Test
  void aThousandClassJobRuns() throws IOException {
    Random rnd = new Random(3);
    for (int i = 0; i < 2; i++) {
      writeImage(tmp, "img_" + i, rnd);
    }
    JobRuns.Run run = JobRuns.run("evaluate", "--task", "multiclass", "--num-classes", Integer.toString(C),
        "--pred", tmp.resolve("pred").toString(), "--target", tmp.resolve("mask").toString(),
        "--output", tmp.resolve("out").toString(), "--partitions", "2",
        "--ignore-index", "255"); // the targets' 255s are ignored pixels: with C > 255, say so
    assertEquals(0, run.exit(), run.err());
    JsonNode s = JobRuns.summary(tmp.resolve("out"));
    assertEquals(C, s.get("confusion_matrix").size());
    assertEquals(C, s.get("per_class").get("iou").size());
    long pixels = 0;
    long diagonal = 0;
    for (int t = 0; t < C; t++) {
      for (int p = 0; p < C; p++) {
        pixels += s.get("confusion_matrix").get(t).get(p).asLong();
      }
      diagonal += s.get("confusion_matrix").get(t).get(t).asLong();
    }
    assertEquals(s.get("pixels").asLong(), pixels);
    assertEquals((double) diagonal / pixels, s.get("dataset").get("aacc").asDouble(), 1e-15);
    assertTrue(s.get("dataset").get("aacc").asDouble() > 0.9, s.toString().substring(0, 300));
    // Classes that never occur in targets nor predictions have null per-class values.
    boolean someNull = false;
    for (JsonNode v : s.get("per_class").get("iou")) {
      someNull |= v.isNull();
    }
    assertTrue(someNull);
    assertTrue(s.get("per_image_mean").get("lovasz_softmax_loss").isNumber());
    assertTrue(run.out().contains("more classes (all in summary.json)"), run.out());
  }
}
