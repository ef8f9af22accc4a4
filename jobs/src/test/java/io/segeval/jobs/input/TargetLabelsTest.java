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

  @Test
  void aTableArrayCellIsMappedInACopyNeverInTheRow() {
    ImagePair pair = new ImagePair();
    pair.setImageId("a");
    pair.setRowSource("file:/lake/t/part-0.parquet");
    pair.setTargetPath("target of row a");
    double[] row = {0, 1, 2, 255};
    pair.setTargetValues(row);
    pair.setHeight(2);
    pair.setWidth(2);
    ImageDecoder decoder = new ImageSource(null, 100, null).withTargetLabels(TargetLabels.reducingZero(255)).open();
    for (int read = 0; read < 2; read++) { // e.g. the per-image stage, then the dataset-wide Lovász
      assertArrayEquals(new double[] {255, 0, 1, 255}, decoder.target(pair, null).data());
    }
    assertArrayEquals(new double[] {0, 1, 2, 255}, row, "the row's own array is left as it is");
  }
}
