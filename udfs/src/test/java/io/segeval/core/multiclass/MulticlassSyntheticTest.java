package io.segeval.core.multiclass;

import static io.segeval.core.multiclass.Close.assertClose;
import static io.segeval.core.multiclass.Close.assertCloseOrNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Synthetic images with C = 19, 150 and 1000 (ignore index -1 for C = 1000, since 255 is a class
 * there) against NumPy/PyTorch float64 values from {@code tools/reference/mc_synthetic.py}. The
 * data have many tied maxima (ties go to the lowest class, as in numpy/torch argmax) and several
 * tiles and summation blocks per image.
 */
class MulticlassSyntheticTest {
  private static final double REL = 1e-9;

  static JsonNode expected(String name) throws IOException {
    try (InputStream in =
        MulticlassSyntheticTest.class.getResourceAsStream("/mc_synthetic/expected.json")) {
      return new ObjectMapper().readTree(in).get(name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c19", "c150", "c1000"})
  void matchesNumpyReference(String name) throws IOException {
    JsonNode e = expected(name);
    int c = e.get("num_classes").asInt();
    int width = e.get("width").asInt();
    int n = e.get("height").asInt() * width;
    int ignore = e.get("ignore_index").asInt();
    double[] t = SyntheticImages.targets(c, n, ignore);
    double[] x = SyntheticImages.logits(c, n, t, ignore, e.get("modulus").asInt());
    MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(c).withIgnoreIndex(ignore));

    MulticlassImageResult image = counts.update(x, t, n, width);

    assertEquals(e.get("pixels").asLong(), counts.pixels());
    assertEquals(e.get("ignored").asLong(), counts.ignored());
    assertEquals(e.get("pixels").asLong(), image.pixels());
    assertEquals(e.get("ignored").asLong(), image.ignored());
    long[][] expectedM = new long[c][c];
    for (JsonNode cell : e.get("confusion_nonzero")) {
      expectedM[cell.get(0).asInt()][cell.get(1).asInt()] = cell.get(2).asLong();
    }
    long[][] m = counts.confusionMatrix();
    for (int i = 0; i < c; i++) {
      for (int k = 0; k < c; k++) {
        assertEquals(expectedM[i][k], m[i][k], "M[" + i + "][" + k + "]");
      }
    }
    for (int k = 0; k < c; k++) {
      assertClose(e.get("intersection").get(k).asDouble(), counts.intersection(k), REL, "I_" + k);
      assertClose(e.get("predicted_sum").get(k).asDouble(), counts.predictedSum(k), REL, "P_" + k);
    }
    MulticlassSummary s = counts.summary();
    for (PerClassMetric metric : PerClassMetric.values()) {
      JsonNode values = e.get("per_class").get(metric.key());
      Double[] actual = s.perClass(metric);
      for (int k = 0; k < c; k++) {
        JsonNode v = values.get(k);
        assertCloseOrNull(
            v.isNull() ? null : v.asDouble(), actual[k], REL, metric.key() + "[" + k + "]");
      }
    }
    JsonNode dataset = e.get("dataset");
    for (MulticlassMetric metric : MulticlassMetric.values()) {
      if (metric.fromCounts()) {
        assertClose(
            dataset.get(metric.key()).asDouble(), s.dataset(metric), REL, "dataset." + metric.key());
      } else {
        assertNull(s.dataset(metric));
      }
    }
    // one image: its own values are the dataset's
    assertClose(dataset.get("ce").asDouble(), image.ce(), REL, "image ce");
    assertClose(dataset.get("aacc").asDouble(), image.aacc(), REL, "image aacc");
    assertClose(dataset.get("miou").asDouble(), image.miou(), REL, "image miou");
  }
}
