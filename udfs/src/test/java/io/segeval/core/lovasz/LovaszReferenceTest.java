package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-image and dataset-wide values against tools/reference/lovasz_ref.py (float64 re-typing of
 * Berman et al.'s lovasz_losses.py, 1e-12 relative) and testdata expected.json (1e-9 relative).
 */
class LovaszReferenceTest {
  private final LovaszWorkspace ws = new LovaszWorkspace();

  static void assertRelative(double expected, double actual, double tolerance, String what) {
    double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertTrue(Math.abs(expected - actual) <= tolerance * scale,
        what + ": expected " + expected + " got " + actual);
  }

  @Test
  void randomCasesMatchTheReference() throws Exception {
    int hinge = 0;
    int softmax = 0;
    for (Object o : MiniJson.list(Fixtures.doc("random_cases.json").get("cases"))) {
      Map<String, Object> c = MiniJson.obj(o);
      String name = (String) c.get("name");
      Double expected = MiniJson.number(c.get("expected"));
      if (c.get("kind").equals("hinge")) {
        double[] x = MiniJson.doubles(c.get("logits"));
        double[] t = MiniJson.doubles(c.get("targets"));
        assertRelative(expected, LovaszHinge.perImage(x, t, x.length, ws), 1e-12, name);
        hinge++;
      } else {
        double[] p = MiniJson.doubles(c.get("probs"));
        double[] labels = MiniJson.doubles(c.get("labels"));
        int classes = ((Number) c.get("classes")).intValue();
        int ignore = ((Number) c.get("ignore")).intValue();
        double actual = LovaszSoftmax.perImage(p, classes, labels, labels.length, ignore, ws);
        if (expected == null) {
          assertTrue(Double.isNaN(actual), name + ": no present class gives NaN");
        } else {
          assertRelative(expected, actual, 1e-12, name);
        }
        softmax++;
      }
    }
    assertTrue(hinge > 100 && softmax > 30);
  }

  @Test
  void noPixelsGiveNaN() {
    assertTrue(Double.isNaN(LovaszHinge.perImage(new double[0], new double[0], 0, ws)));
    assertTrue(Double.isNaN(LovaszSoftmax.perImage(new double[0], 3, new double[0], 0, 255, ws)));
  }

  @Test
  void handWorkedValues() {
    // one positive pixel, logit 0.3: e = 0.7, g = 1, J_1 = 1 - 0/1 = 1
    assertEquals(0.7, LovaszHinge.perImage(new double[] {0.3}, new double[] {1}, 1, ws), 1e-15);
    // no positive: g = 0, J = 1 from the first pixel on, loss = largest error
    double[] x = {-3.0, 0.5, 2.0};
    assertEquals(3.0, LovaszHinge.perImage(x, new double[] {0, 0, 0}, 3, ws), 0.0);
    // everything right with margin >= 1: no positive error
    assertEquals(0.0, LovaszHinge.perImage(x, new double[] {0, 1, 1}, 1, ws), 0.0);
  }

  @Test
  void binPublicPerImageAndDataset() throws Exception {
    Map<String, Object> doc = Fixtures.doc("bin_public.json");
    List<Fixtures.Image> images = Fixtures.images(doc);
    assertEquals(16, images.size());
    int total = 0;
    double meanSum = 0.0;
    List<ErrorRuns> runs = new ArrayList<>();
    double g = 0.0;
    for (Fixtures.Image im : images) {
      int n = im.targets.length;
      double v = LovaszHinge.perImage(im.logits, im.targets, n, ws);
      assertRelative(im.expected, v, 1e-9, im.id + " vs expected.json");
      assertRelative(im.reference, v, 1e-12, im.id + " vs reference");
      meanSum += v;
      total += n;
      runs.add(LovaszHinge.errorRuns(im.logits, im.targets, n, ws));
      for (double t : im.targets) {
        g += t;
      }
    }
    assertRelative(((Number) doc.get("per_image_mean_expected")).doubleValue(), meanSum / images.size(), 1e-9, "mean");

    // dataset-wide: all pixels as one vector, and the same through runs merged and swept
    double[] x = new double[total];
    double[] t = new double[total];
    int at = 0;
    for (Fixtures.Image im : images) {
      System.arraycopy(im.logits, 0, x, at, im.logits.length);
      System.arraycopy(im.targets, 0, t, at, im.targets.length);
      at += im.targets.length;
    }
    double expected = MiniJson.number(doc.get("dataset_expected"));
    double reference = MiniJson.number(doc.get("dataset_reference"));
    double flat = LovaszHinge.perImage(x, t, total, ws);
    assertRelative(expected, flat, 1e-9, "dataset vs expected.json");
    assertRelative(reference, flat, 1e-12, "dataset vs reference");
    double swept = new LovaszSweep(g, 0, 0).consume(ErrorRuns.merge(runs)).loss();
    assertRelative(expected, swept, 1e-9, "swept dataset vs expected.json");
    assertRelative(reference, swept, 1e-12, "swept dataset vs reference");
  }

  @Test
  void mcPublicPerImageAndDataset() throws Exception {
    Map<String, Object> doc = Fixtures.doc("mc_public.json");
    List<Fixtures.Image> images = Fixtures.images(doc);
    assertEquals(10, images.size());
    int classes = images.get(0).classes;
    int total = 0;
    double meanSum = 0.0;
    int meanCount = 0;
    List<List<ErrorRuns>> runsPerClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      runsPerClass.add(new ArrayList<>());
    }
    long[] g = new long[classes];
    for (Fixtures.Image im : images) {
      int n = im.targets.length;
      double[] p = im.probabilities();
      double v = LovaszSoftmax.perImage(p, classes, im.targets, n, 255, ws);
      if (im.expected == null) {
        assertTrue(Double.isNaN(v), im.id);
        assertNull(im.reference);
        continue;
      }
      assertRelative(im.expected, v, 1e-9, im.id + " vs expected.json");
      assertRelative(im.reference, v, 1e-12, im.id + " vs reference");
      meanSum += v;
      meanCount++;
      total += n;
      ErrorRuns[] r = LovaszSoftmax.errorRuns(p, classes, im.targets, n, 255, ws);
      long[] counts = LovaszSoftmax.classCounts(im.targets, n, 255, classes);
      for (int c = 0; c < classes; c++) {
        runsPerClass.get(c).add(r[c]);
        g[c] += counts[c];
      }
    }
    assertRelative(((Number) doc.get("per_image_mean_expected")).doubleValue(), meanSum / meanCount, 1e-9, "mean");

    double[] p = new double[classes * total];
    double[] labels = new double[total];
    int at = 0;
    for (Fixtures.Image im : images) {
      int n = im.targets.length;
      double[] pi = im.probabilities();
      for (int c = 0; c < classes; c++) {
        System.arraycopy(pi, c * n, p, c * total + at, n);
      }
      System.arraycopy(im.targets, 0, labels, at, n);
      at += n;
    }
    double expected = MiniJson.number(doc.get("dataset_expected"));
    double reference = MiniJson.number(doc.get("dataset_reference"));
    double flat = LovaszSoftmax.perImage(p, classes, labels, total, 255, ws);
    assertRelative(expected, flat, 1e-9, "dataset vs expected.json");
    assertRelative(reference, flat, 1e-12, "dataset vs reference");

    double sum = 0.0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (g[c] > 0) {
        sum += new LovaszSweep(g[c], 0, 0).consume(ErrorRuns.merge(runsPerClass.get(c))).loss();
        present++;
      }
    }
    assertRelative(reference, sum / present, 1e-12, "swept dataset vs reference");
  }
}
