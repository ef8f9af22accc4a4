package io.segeval.core;

import io.segeval.codec.Reason;

/**
 * Where a value lies in an image, for the reasons of bad records: {@code (row r, col c)} in a
 * (H, W) map, whose flat C-order index is j = r·W + c, and {@code (channel k, row r, col c)} in a
 * channel-major (C, H, W) array, whose index is k·H·W + j. The numbers are the record's values
 * (# in the reason's class).
 */
public final class PixelPosition {
  private PixelPosition() {}

  /** Pixel j of a map of the given width (a width below 1 counts as 1). */
  public static Reason of(long index, int width) {
    int w = Math.max(1, width);
    return Reason.of("(row {}, col {})", index / w, index % w);
  }

  /** Pixel j of channel k. */
  public static Reason inChannel(int channel, long index, int width) {
    int w = Math.max(1, width);
    return Reason.of("(channel {}, row {}, col {})", channel, index / w, index % w);
  }

  /** The value at a flat index of an array of shape (H, W) or (C, H, W). */
  public static Reason inShape(long index, int[] shape) {
    int width = shape[shape.length - 1];
    if (shape.length < 3) {
      return of(index, width);
    }
    long pixels = (long) shape[shape.length - 2] * width;
    return pixels == 0 ? of(index, width) : inChannel((int) (index / pixels), index % pixels, width);
  }
}
