package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The (H, W) a single map may be saved as: with its channel axis first or last, or none. */
class NdArrayTest {
  private static int[] mapShape(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return new NdArray(shape, new double[n], false).mapShape();
  }

  @Test
  void aMapIsHWOrHWWithASingletonChannelFirstOrLast() {
    assertArrayEquals(new int[] {3, 4}, mapShape(3, 4));
    assertArrayEquals(new int[] {3, 4}, mapShape(1, 3, 4));
    assertArrayEquals(new int[] {3, 4}, mapShape(3, 4, 1));
    assertArrayEquals(new int[] {1, 4}, mapShape(1, 1, 4));
    assertArrayEquals(new int[] {1, 1}, mapShape(1, 1, 1));
    assertArrayEquals(new int[] {3, 1}, mapShape(1, 3, 1), "channel first wins when both axes are 1");
  }

  /** A header's shape is a volume's exactly when the array it describes, decoded, is one. */
  @Test
  void aShapeIsAVolumesAsTheDecodedArrayIs() {
    int[][] shapes = {{4, 8, 9}, {1, 4, 8, 9}, {1, 1, 4, 8, 9}, {8, 9}, {1, 8, 9}, {8, 9, 1}, {3, 4, 8, 9},
        {2, 1, 4, 8, 9}, {1, 1, 8, 9}};
    for (int[] shape : shapes) {
      int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      boolean decoded = new NdArray(shape, new double[n], true).withoutBatchAxes().volumeShape() != null;
      assertEquals(decoded, NdArray.isVolumeShape(shape), Arrays.toString(shape));
    }
    assertTrue(NdArray.isVolumeShape(new int[] {1, 4, 8, 9}));
    assertFalse(NdArray.isVolumeShape(new int[] {1, 8, 9}));
  }

  @Test
  void aMapOfAGivenSizeMayHaveItsChannelEitherSide() {
    NdArray oneByFour = new NdArray(new int[] {1, 4, 1}, new double[4], false);
    assertTrue(oneByFour.isMapOf(new int[] {1, 4}), "(H, W, 1) with H = 1");
    assertTrue(oneByFour.isMapOf(new int[] {4, 1}), "(1, H, W) with W = 1");
    assertFalse(oneByFour.isMapOf(new int[] {2, 2}));
    assertTrue(new NdArray(new int[] {3, 4}, new double[12], false).isMapOf(new int[] {3, 4}));
    assertFalse(new NdArray(new int[] {2, 3, 4}, new double[24], false).isMapOf(new int[] {3, 4}));
  }

  /** A (1, n, 1) array is (n, 1) unless the other side of the image reads it as (1, n) and not (n, 1). */
  @Test
  void aOneByNByOneMapIsReadAsTheOtherSideFitsIt() {
    NdArray rowSavedChannelLast = new NdArray(new int[] {1, 4, 1}, new double[4], false);
    NdArray pred = new NdArray(new int[] {1, 4}, new double[4], false);
    assertArrayEquals(new int[] {1, 4}, rowSavedChannelLast.mapShape(pred::isMapOf));
    NdArray column = new NdArray(new int[] {4, 1}, new double[4], false);
    assertArrayEquals(new int[] {4, 1}, rowSavedChannelLast.mapShape(column::isMapOf));
    assertArrayEquals(new int[] {4, 1}, rowSavedChannelLast.mapShape(hw -> false), "neither fits: as mapShape()");
    assertArrayEquals(new int[] {3, 4}, new NdArray(new int[] {3, 4, 1}, new double[12], false).mapShape(hw -> false));
    assertNull(new NdArray(new int[] {2, 3, 4}, new double[24], false).mapShape(hw -> true));
  }

  @Test
  void anythingElseIsNotAMap() {
    assertNull(mapShape(2, 3, 4));
    assertNull(mapShape(3, 4, 2));
    assertNull(mapShape(12));
    assertNull(mapShape(1, 3, 4, 1));
  }

  @Test
  void channelsLastScoresMoveChannelsFirst() {
    // (H, W, C) = (2, 3, 2): pixel j, channel c holds 10·c + j
    double[] last = new double[12];
    for (int j = 0; j < 6; j++) {
      last[j * 2] = j;
      last[j * 2 + 1] = 10 + j;
    }
    NdArray a = new NdArray(new int[] {2, 3, 2}, last, false);
    assertTrue(a.isChannelsLastOf(new int[] {2, 3}));
    NdArray first = a.channelsFirst(new double[20]);
    assertArrayEquals(new int[] {2, 2, 3}, first.shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}, java.util.Arrays.copyOf(first.data(), 12));
    assertFalse(new NdArray(new int[] {2, 2, 2}, new double[8], false).isChannelsLastOf(new int[] {2, 2}),
        "(C, H, W) wins where both fit");
    assertFalse(new NdArray(new int[] {2, 3, 1}, new double[6], false).isChannelsLastOf(new int[] {2, 3}),
        "one channel is a map");
  }

  /** A volume or its scores with the axes of a (D, H, W) volume reversed, as nibabel reads what SimpleITK reads as (D, H, W). */
  @Test
  void aVolumeWithItsAxesReversedIsToldApart() {
    int[] dhw = {4, 8, 9};
    assertTrue(new NdArray(new int[] {9, 8, 4}, new double[288], false).isReversedVolumeOf(dhw), "(W, H, D)");
    assertTrue(new NdArray(new int[] {3, 9, 8, 4}, new double[864], false).isReversedVolumeOf(dhw), "(C, W, H, D)");
    assertFalse(new NdArray(new int[] {4, 8, 9}, new double[288], false).isReversedVolumeOf(dhw), "the same order");
    assertFalse(new NdArray(new int[] {9, 4, 8}, new double[288], false).isReversedVolumeOf(dhw), "another order");
    assertFalse(new NdArray(new int[] {8, 9, 4}, new double[288], false).isReversedVolumeOf(dhw), "another order");
    assertFalse(new NdArray(new int[] {4, 8, 4}, new double[128], false).isReversedVolumeOf(new int[] {4, 8, 4}),
        "D = W: the shapes cannot tell");
    assertFalse(new NdArray(new int[] {9, 4}, new double[36], false).isReversedVolumeOf(dhw), "an image");
  }
}
