package io.segeval.core.multiclass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.core.InputKind;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pass may write the probabilities over the scores it reads (the job does, so that a task
 * holds no second C·H·W array): every tile is written once it has been read, so the counts are
 * those of a pass that writes them elsewhere and the sums and probabilities agree to the last bits
 * (1e-13: the vector kernel's exp and lane reductions may differ by an ulp between the JIT's tiers,
 * whatever the output array). Images of several tiles, with ignored pixels and tied maxima, logits
 * and probabilities.
 */
class ProbabilitiesInPlaceTest {
  @ParameterizedTest
  @ValueSource(ints = {3, 19, 150})
  void writingOverTheScoresGivesTheSameSumsAndProbabilities(int c) {
    int width = 97;
    int n = width * 61; // several tiles, not a whole number of them
    double[] t = SyntheticImages.targets(c, n, 255);
    double[] logits = SyntheticImages.logits(c, n, t, 255, 7);

    double[] apart = new double[c * n];
    MulticlassCounts separate = counts(c, InputKind.LOGITS);
    separate.update(logits.clone(), t, n, width, apart);
    double[] scores = logits.clone();
    MulticlassCounts inPlace = counts(c, InputKind.LOGITS);
    inPlace.update(scores, t, n, width, scores);
    assertSame(separate, inPlace, c);
    assertArrayEquals(apart, scores, 1e-13, "the probabilities");

    // probabilities input: written over themselves, unchanged
    double[] probabilities = apart.clone();
    MulticlassCounts fromProbabilities = counts(c, InputKind.PROBABILITIES);
    fromProbabilities.update(probabilities, t, n, width, probabilities);
    assertArrayEquals(apart, probabilities, "copied over themselves: unchanged");
  }

  private static MulticlassCounts counts(int c, InputKind input) {
    return new MulticlassCounts(MulticlassParams.of(c).withIgnoreIndex(255).withInputKind(input));
  }

  private static void assertSame(MulticlassCounts a, MulticlassCounts b, int c) {
    assertEquals(a.pixels(), b.pixels());
    assertEquals(a.ignored(), b.ignored());
    for (int k = 0; k < c; k++) {
      assertEquals(a.intersection(k), b.intersection(k), 1e-13 * Math.abs(a.intersection(k)), "I_" + k);
      assertEquals(a.predictedSum(k), b.predictedSum(k), 1e-13 * Math.abs(a.predictedSum(k)), "P_" + k);
    }
    assertEquals(a.crossEntropySum(), b.crossEntropySum(), 1e-13 * Math.abs(a.crossEntropySum()));
    for (int k = 0; k < c; k++) {
      assertEquals(Arrays.toString(a.confusionMatrix()[k]), Arrays.toString(b.confusionMatrix()[k]), "M row " + k);
    }
  }
}
