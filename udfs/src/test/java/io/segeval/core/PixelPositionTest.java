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
}
