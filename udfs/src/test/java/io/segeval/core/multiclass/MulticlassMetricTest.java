package io.segeval.core.multiclass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which dataset metrics are losses (quality gates), need scores (null for labels) or come from the counts. */
class MulticlassMetricTest {
  private static Set<MulticlassMetric> where(Predicate<MulticlassMetric> p) {
    return Arrays.stream(MulticlassMetric.values()).filter(p).collect(Collectors.toCollection(
        () -> EnumSet.noneOf(MulticlassMetric.class)));
  }

  @Test
  void lossesScoresAndCountsAreTheSpecsOnes() {
    Set<MulticlassMetric> losses = EnumSet.of(
        MulticlassMetric.CE, MulticlassMetric.SOFT_DICE_LOSS, MulticlassMetric.LOVASZ_SOFTMAX_LOSS);
    assertEquals(losses, where(MulticlassMetric::isLoss));
    assertEquals(losses, where(MulticlassMetric::needsScores));
    assertEquals(EnumSet.complementOf(EnumSet.of(MulticlassMetric.LOVASZ_SOFTMAX_LOSS)),
        where(MulticlassMetric::fromCounts));
    assertEquals("miou,mdice,macc,aacc,ce,soft_dice_loss,lovasz_softmax_loss",
        Arrays.stream(MulticlassMetric.values()).map(MulticlassMetric::key).collect(Collectors.joining(",")));
  }
}
