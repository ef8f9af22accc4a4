package io.segeval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PixelPositionTest {
  @Test
  void rowAndColumnOfAFlatIndex() {
    assertEquals("(row 0, col 0)", PixelPosition.of(0, 3));
    assertEquals("(row 1, col 2)", PixelPosition.of(5, 3));
    assertEquals("(row 7, col 0)", PixelPosition.of(7, 0)); // no width: one pixel a row
    assertEquals("(channel 4, row 2, col 1)", PixelPosition.inChannel(4, 9, 4));
  }
}
