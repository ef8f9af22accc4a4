package io.segeval.core.multiclass;

import static io.segeval.core.multiclass.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monoid laws of {@link MulticlassCounts} (in the spirit of Guava's StatsAccumulatorTest):
 * the empty state is the identity, merge is commutative and associative, and one pass over all
 * images equals any split of them merged in any order. Counts must agree exactly, the
 * compensated sums to 1e-12 relative.
 */
class MulticlassMergeLawsTest {
  private static final int C = 7;
  private static final double REL = 1e-12;
  private static final List<double[][]> IMAGES = new ArrayList<>(); // {pred, target, {n, width}}

  @BeforeAll
  static void randomImages() {
    Random r = new Random(20240611L);
    for (int i = 0; i < 40; i++) {
      int height = 1 + r.nextInt(20);
      int width = 1 + r.nextInt(30);
      int n = height * width;
      double[] pred = new double[C * n];
      for (int k = 0; k < pred.length; k++) {
        pred[k] = r.nextGaussian() * 3;
      }
      double[] target = new double[n];
      for (int j = 0; j < n; j++) {
        target[j] = r.nextInt(10) == 0 ? 255 : r.nextInt(C);
        if (target[j] != 255) {
          pred[(int) target[j] * n + j] += 2; // make some pixels right
        }
      }
      IMAGES.add(new double[][] {pred, target, {n, width}});
    }
  }

  private static MulticlassCounts stateOf(List<double[][]> images) {
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(C));
    for (double[][] image : images) {
      counts.update(image[0], image[1], (int) image[2][0], (int) image[2][1]);
    }
    return counts;
  }

  private static void assertSameState(MulticlassCounts expected, MulticlassCounts actual) {
    assertEquals(expected.images(), actual.images());
    assertEquals(expected.pixels(), actual.pixels());
    assertEquals(expected.ignored(), actual.ignored());
    assertArrayEquals(expected.confusionMatrix(), actual.confusionMatrix());
    for (int c = 0; c < C; c++) {
      assertClose(expected.intersection(c), actual.intersection(c), REL, "I_" + c);
      assertClose(expected.predictedSum(c), actual.predictedSum(c), REL, "P_" + c);
    }
    assertClose(expected.crossEntropySum(), actual.crossEntropySum(), REL, "CE");
    MulticlassSummary e = expected.summary();
    MulticlassSummary a = actual.summary();
    for (MulticlassMetric metric : MulticlassMetric.values()) {
      if (metric.fromCounts()) {
        assertClose(e.dataset(metric), a.dataset(metric), REL, metric.key());
      }
    }
  }

  @Test
  void emptyStateIsTheIdentity() {
    MulticlassCounts a = stateOf(IMAGES.subList(0, 5));
    MulticlassCounts left = new MulticlassCounts(MulticlassParams.of(C)).merge(a);
    MulticlassCounts right = a.copy().merge(new MulticlassCounts(MulticlassParams.of(C)));
    assertSameState(a, left);
    assertSameState(a, right);
    // exactly, not just closely
    for (int c = 0; c < C; c++) {
      assertEquals(a.intersection(c), left.intersection(c));
      assertEquals(a.intersection(c), right.intersection(c));
    }
    assertEquals(a.crossEntropySum(), right.crossEntropySum());
  }

  @Test
  void mergeIsCommutative() {
    MulticlassCounts a = stateOf(IMAGES.subList(0, 10));
    MulticlassCounts b = stateOf(IMAGES.subList(10, 25));
    assertSameState(a.copy().merge(b), b.copy().merge(a));
  }

  @Test
  void mergeIsAssociative() {
    MulticlassCounts a = stateOf(IMAGES.subList(0, 10));
    MulticlassCounts b = stateOf(IMAGES.subList(10, 25));
    MulticlassCounts c = stateOf(IMAGES.subList(25, 40));
    assertSameState(a.copy().merge(b).merge(c), a.copy().merge(b.copy().merge(c)));
  }

  @Test
  void onePassEqualsAnySplitMerged() {
    MulticlassCounts all = stateOf(IMAGES);
    Random r = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      List<double[][]> shuffled = new ArrayList<>(IMAGES);
      Collections.shuffle(shuffled, r);
      int parts = 1 + r.nextInt(8);
      List<MulticlassCounts> partials = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        partials.add(new MulticlassCounts(MulticlassParams.of(C)));
      }
      for (double[][] image : shuffled) {
        partials.get(r.nextInt(parts)).update(image[0], image[1], (int) image[2][0], (int) image[2][1]);
      }
      Collections.shuffle(partials, r);
      MulticlassCounts merged = new MulticlassCounts(MulticlassParams.of(C));
      for (MulticlassCounts partial : partials) {
        merged.merge(partial);
      }
      assertSameState(all, merged);
    }
  }

  @Test
  void survivesJavaSerializationAndKeepsAccumulating() throws Exception {
    MulticlassCounts a = stateOf(IMAGES.subList(0, 20));
    MulticlassCounts copy = roundTrip(a);
    assertSameState(a, copy);
    List<double[][]> rest = IMAGES.subList(20, 40);
    for (double[][] image : rest) {
      copy.update(image[0], image[1], (int) image[2][0], (int) image[2][1]);
    }
    assertSameState(stateOf(IMAGES), copy);
  }

  private static MulticlassCounts roundTrip(MulticlassCounts counts)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(counts);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (MulticlassCounts) in.readObject();
    }
  }
}
