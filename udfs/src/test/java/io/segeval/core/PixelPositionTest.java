package io.segeval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PixelPositionTest {
  @Test
  void rowAndColumnOfAFlatIndex() {
    assertEquals("(row 0, col 0)", PixelPosition.of(0, 3).text());
    assertEquals("(row 1, col 2)", PixelPosition.of(5, 3).text());
    assertEquals("(row 7, col 0)", PixelPosition.of(7, 0).text()); // no width: one pixel a row
    assertEquals("(channel 4, row 2, col 1)", PixelPosition.inChannel(4, 9, 4).text());
    assertEquals("(channel 1, row 0, col 2)", PixelPosition.inShape(8, new int[] {2, 2, 3}).text());
  }

  @Test
  void theNumbersAreTheRecordsValues() {
    assertEquals("(row #, col #)", PixelPosition.of(5, 3).kind());
    assertEquals("(channel #, row #, col #)", PixelPosition.inChannel(4, 9, 4).kind());
  }

  /** In a (D, H, W) volume, j = (d·H + r)·W + c; an image keeps (row, col). */
  @Test
  void aVolumesVoxelIsNamedBySliceRowAndColumn() {
    PixelGrid volume = PixelGrid.volume(8, 9);
    assertEquals("(slice 0, row 0, col 0)", volume.at(0).text());
    assertEquals("(slice 2, row 3, col 5)", volume.at((2 * 8 + 3) * 9 + 5).text());
    assertEquals("(slice 3, row 7, col 8)", volume.at(4 * 8 * 9 - 1).text());
    assertEquals("(channel 1, slice 0, row 0, col 4)", volume.inChannel(1, 4).text());
    assertEquals("(channel #, slice #, row #, col #)", volume.inChannel(1, 4).kind());
    assertEquals("(row 3, col 5)", PixelGrid.image(9).at(3 * 9 + 5).text());
    assertEquals("(channel 2, row 1, col 0)", PixelGrid.image(9).inChannel(2, 9).text());
  }
}
