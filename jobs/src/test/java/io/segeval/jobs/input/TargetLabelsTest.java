package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.codec.BadRecordException;
import io.segeval.core.PixelGrid;

import org.junit.jupiter.api.Test;

/** Stored target values to class ids: as stored, or with 0 reduced (mmsegmentation's reduce_zero_label). */
class TargetLabelsTest {
  @Test
  void zeroBecomesTheIgnoreIndexWhichStaysAndEveryOtherValueMovesDownOne() {
    double[] t = {0, 1, 150, 255, 7, 99};
    TargetLabels.reducingZero(255, 150).apply(t, 5, PixelGrid.image(3)); // the sixth value is past n: a reused buffer's tail
    assertArrayEquals(new double[] {255, 0, 149, 255, 6, 99}, t);

    double[] none = {0, -1, 3};
    TargetLabels.reducingZero(-1, 3).apply(none, 3, PixelGrid.image(3));
    assertArrayEquals(new double[] {-1, -1, 2}, none);

    double[] stored = {0, 1, 255};
    TargetLabels.AS_STORED.apply(stored, 3, PixelGrid.image(3));
    assertArrayEquals(new double[] {0, 1, 255}, stored);
  }

  @Test
  void aValueThatIsNoClassAfterTheShiftIsRefusedAsStored() {
    // C = 150: 1..150 are classes; a stored 151 would be 150 after the shift, a value the file does not hold
    double[] t = {0, 150, 7, 151};
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> TargetLabels.reducingZero(255, 150).apply(t, 4, PixelGrid.image(2)));
    assertEquals("target value 151 at (row 1, col 1) is not a class with --reduce-zero-label: 1 … 150 are the classes"
        + " 0 … 149, 0 (unlabeled) and the ignore index 255 are ignored", e.reason());
    assertEquals(BadRecordException.Side.TARGET, e.side());

    // with --ignore-index -1 a stored 255 is no class either (it was named 254); 2.5 is no class id
    BadRecordException ignored = assertThrows(BadRecordException.class,
        () -> TargetLabels.reducingZero(-1, 3).apply(new double[] {0, 3, 255}, 3, PixelGrid.image(3)));
    assertEquals("target value 255 at (row 0, col 2) is not a class with --reduce-zero-label: 1 … 3 are the classes"
        + " 0 … 2, 0 (unlabeled) and the ignore index -1 are ignored", ignored.reason());
    BadRecordException fraction = assertThrows(BadRecordException.class,
        () -> TargetLabels.reducingZero(255, 3).apply(new double[] {2.5}, 1, PixelGrid.image(1)));
    assertEquals("target value 2.5 at (row 0, col 0) is not a class with --reduce-zero-label: 1 … 3 are the classes"
        + " 0 … 2, 0 (unlabeled) and the ignore index 255 are ignored", fraction.reason());
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
    ImageDecoder decoder = new ImageSource(null, 100, null).withTargetLabels(TargetLabels.reducingZero(255, 3)).open();
    for (int read = 0; read < 2; read++) { // e.g. the per-image stage, then the dataset-wide Lovász
      assertArrayEquals(new double[] {255, 0, 1, 255}, decoder.target(pair, null).data());
    }
    assertArrayEquals(new double[] {0, 1, 2, 255}, row, "the row's own array is left as it is");
  }
}
