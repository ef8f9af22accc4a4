package io.segeval.core;

/**
 * Where a pixel of an image flattened in C order is, for the messages of bad records:
 * {@code "(row r, col c)"}, or {@code "(channel k, row r, col c)"} in a multi-channel prediction.
 */
public final class PixelPosition {
  private PixelPosition() {}

  /** "(row r, col c)" of flat index {@code index} in rows of {@code width} pixels (at least 1). */
  public static String of(int index, int width) {
    return "(" + rowAndCol(index, width) + ")";
  }

  /** "(channel k, row r, col c)" of pixel {@code index} of channel {@code channel}. */
  public static String inChannel(int channel, int index, int width) {
    return "(channel " + channel + ", " + rowAndCol(index, width) + ")";
  }

  private static String rowAndCol(int index, int width) {
    int w = Math.max(1, width);
    return "row " + index / w + ", col " + index % w;
  }
}
