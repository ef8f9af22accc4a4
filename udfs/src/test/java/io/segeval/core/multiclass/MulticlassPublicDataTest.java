package io.segeval.core.multiclass;

import static io.segeval.core.multiclass.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.codec.NdArray;
import io.segeval.codec.Npy;
import io.segeval.codec.PngMask;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public multiclass reference dataset ({@code mc_public}: C = 5, 10 images, about 5 % of the
 * target pixels ignored): every value of its {@code expected.json} except the Lovász keys, within
 * 1e-9 relative, and the per-image mIoU from NumPy. Images are decoded with the project's codecs into reused buffers.
 */
class MulticlassPublicDataTest {
  private static final double REL = 1e-9;
  private static JsonNode expected;
  /** Per-image mIoU, not in expected.json: tools/reference/mc_public_per_image_miou.py. */
  private static JsonNode perImageMiou;

  @BeforeAll
  static void readExpected() throws IOException {
    expected = new ObjectMapper().readTree(bytes("expected.json"));
    perImageMiou = new ObjectMapper().readTree(bytes("per_image_miou.json"));
  }

  private static byte[] bytes(String path) throws IOException {
    try (InputStream in = MulticlassPublicDataTest.class.getResourceAsStream("/testdata/mc_public/" + path)) {
      assertNotNull(in, path);
      return in.readAllBytes();
    }
  }

  private static MulticlassParams params() {
    return MulticlassParams.of(expected.get("num_classes").asInt())
        .withIgnoreIndex(expected.get("ignore_index").asInt())
        .withSmooth(expected.get("params").get("smooth").asDouble());
  }

  @Test
  void reproducesExpectedJson() throws IOException {
    MulticlassCounts counts = new MulticlassCounts(params());
    double[] predBuffer = new double[0];
    double[] maskBuffer = new double[0];
    JsonNode perImage = expected.get("per_image");
    for (Iterator<Map.Entry<String, JsonNode>> it = perImage.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      NdArray pred = Npy.decode(bytes("pred/" + entry.getKey() + ".npy"), 1 << 24, predBuffer);
      NdArray mask = PngMask.decode(bytes("mask/" + entry.getKey() + ".png"), 1 << 24, maskBuffer);
      predBuffer = pred.data();
      maskBuffer = mask.data();

      MulticlassImageResult image = counts.update(pred, mask);

      JsonNode e = entry.getValue();
      String id = entry.getKey();
      assertEquals(e.get("pixels").asLong(), image.pixels(), id + " pixels");
      assertEquals(e.get("ignored").asLong(), image.ignored(), id + " ignored");
      assertClose(e.get("ce").asDouble(), image.ce(), REL, id + " ce");
      assertClose(e.get("aacc").asDouble(), image.aacc(), REL, id + " aacc");
      assertClose(perImageMiou.get(id).asDouble(), image.miou(), REL, id + " miou");
    }

    assertEquals(expected.get("images").asLong(), counts.images());
    assertEquals(expected.get("pixels").asLong(), counts.pixels());
    assertEquals(expected.get("notes").get("ignored_pixels").asLong(), counts.ignored());
    MulticlassSummary s = counts.summary();
    long[][] m = s.confusionMatrix();
    JsonNode em = expected.get("confusion_matrix");
    for (int t = 0; t < m.length; t++) {
      for (int p = 0; p < m.length; p++) {
        assertEquals(em.get(t).get(p).asLong(), m[t][p], "M[" + t + "][" + p + "]");
      }
    }
    for (PerClassMetric metric : PerClassMetric.values()) {
      JsonNode values = expected.get("per_class").get(metric.key());
      Double[] actual = s.perClass(metric);
      for (int c = 0; c < actual.length; c++) {
        assertClose(values.get(c).asDouble(), actual[c], REL, metric.key() + "[" + c + "]");
      }
    }
    JsonNode dataset = expected.get("dataset");
    for (MulticlassMetric metric : MulticlassMetric.values()) {
      if (metric.fromCounts()) {
        assertClose(dataset.get(metric.key()).asDouble(), s.dataset(metric), REL, metric.key());
      } else {
        assertNull(s.dataset(metric), metric.key() + " comes from the Lovász stage");
      }
    }
  }

  /** The per-image miou of a hand-checkable image: img_000 has one pixel, predicted right. */
  @Test
  void perImageMiouOfOnePixelImage() throws IOException {
    MulticlassCounts counts = new MulticlassCounts(params());
    NdArray pred = Npy.decode(bytes("pred/img_000.npy"), 1 << 24, null);
    NdArray mask = PngMask.decode(bytes("mask/img_000.png"), 1 << 24, null);
    MulticlassImageResult image = counts.update(pred, mask);
    assertEquals(1.0, image.aacc());
    assertEquals(1.0, image.miou()); // one class with row = col = tp = 1
  }
}
