package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Stored target values to class ids: as stored, or with 0 reduced (mmsegmentation's reduce_zero_label). */
class TargetLabelsTest {
  @Test
  void zeroBecomesTheIgnoreIndexWhichStaysAndEveryOtherValueMovesDownOne() {
    double[] t = {0, 1, 150, 255, 7, 99};
    TargetLabels.reducingZero(255).apply(t, 5); // the sixth value is past n: a reused buffer's tail
    assertArrayEquals(new double[] {255, 0, 149, 255, 6, 99}, t);

    double[] none = {0, -1, 3};
    TargetLabels.reducingZero(-1).apply(none, 3);
    assertArrayEquals(new double[] {-1, -1, 2}, none);

    double[] stored = {0, 1, 255};
    TargetLabels.AS_STORED.apply(stored, 3);
    assertArrayEquals(new double[] {0, 1, 255}, stored);
  }
}
