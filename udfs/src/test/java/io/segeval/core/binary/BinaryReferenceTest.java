package io.segeval.core.binary;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.core.InputKind;
import io.segeval.core.PixelGrid;
import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszSweep;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.testing.ReferenceData;
import java.util.ArrayList;
import java.util.List;
import io.segeval.core.VectorSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binary engine against bin_public/expected.json (PyTorch float64), 1e-9 relative, with the
 * scalar fused pass and with the vector one (when the JVM has the Vector API).
 */
class BinaryReferenceTest {
  private static final double TOL = 1e-9;
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");
  private static final BinaryParams PARAMS = ReferenceData.binaryParams();

  @ParameterizedTest(name = "{0} kernel")
  @ValueSource(strings = {"scalar", "vector"})
  void everyPerImageDatasetAndMeanValue(String kernelName) {
    assumeTrue(kernelName.equals("scalar") || VectorSupport.available(), "jdk.incubator.vector is not in this JVM");
    BinaryKernel kernel = kernelName.equals("scalar") ? BinaryKernels.scalar(PARAMS) : BinaryKernels.vector(PARAMS);
    BinaryEvaluation evaluation = new BinaryEvaluation(PARAMS);
    LovaszWorkspace ws = new LovaszWorkspace();
    List<ErrorRuns> runs = new ArrayList<>();
    List<ReferenceData.Image> images = ReferenceData.images("bin_public");
    assertEquals(16, images.size());
    for (ReferenceData.Image image : images) {
      int n = image.pred().size();
      double[] target = image.target().data().clone();
      BinaryTargets.normalize(target, n);
      BinaryCounts counts = new BinaryCounts(PARAMS);
      counts.update(image.pred().data(), target, n, PixelGrid.image(image.pred().shape()[1]), InputKind.LOGITS, kernel);
      double lovasz = LovaszHinge.perImage(image.pred().data(), target, n, ws);
      BinaryImageScores scores = BinaryImageScores.of(counts, InputKind.LOGITS, lovasz);
      evaluation.add(counts, scores);
      runs.add(LovaszHinge.errorRuns(image.pred().data(), target, n, ws));

      JsonNode e = EXPECTED.get("per_image").get(image.id());
      String id = image.id() + ".";
      assertEquals(e.get("pixels").asLong(), scores.pixels(), id + "pixels");
      assertEquals(e.get("tp").asLong(), scores.tp(), id + "tp");
      assertEquals(e.get("fp").asLong(), scores.fp(), id + "fp");
      assertEquals(e.get("fn").asLong(), scores.fn(), id + "fn");
      assertEquals(e.get("tn").asLong(), scores.tn(), id + "tn");
      assertClose(e.get("dice").asDouble(), scores.dice(), TOL, id + "dice");
      assertClose(e.get("iou").asDouble(), scores.iou(), TOL, id + "iou");
      assertClose(e.get("bce").asDouble(), scores.bce(), TOL, id + "bce");
      assertClose(e.get("hard_dice").asDouble(), scores.hardDice(), TOL, id + "hard_dice");
      assertClose(e.get("lovasz_hinge_loss").asDouble(), scores.lovaszHingeLoss(), TOL, id + "lovasz_hinge_loss");
    }

    BinaryCounts dataset = evaluation.dataset();
    JsonNode d = EXPECTED.get("dataset");
    assertEquals(EXPECTED.get("pixels").asLong(), dataset.pixels());
    for (BinaryMetric m : BinaryMetric.values()) {
      double actual = m == BinaryMetric.LOVASZ_HINGE_LOSS
          ? LovaszSweep.datasetLoss(dataset.targetSum(), List.of(ErrorRuns.merge(runs)))
          : m.value(dataset);
      if (m.isCount()) {
        assertEquals(d.get(m.key()).asLong(), (long) actual, m.key());
      } else {
        assertClose(d.get(m.key()).asDouble(), actual, TOL, "dataset." + m.key());
      }
    }
    JsonNode means = EXPECTED.get("per_image_mean");
    evaluation.perImageMeans().forEach((k, v) ->
        assertClose(means.get(k.key()).asDouble(), v, TOL, "per_image_mean." + k.key()));
  }
}
