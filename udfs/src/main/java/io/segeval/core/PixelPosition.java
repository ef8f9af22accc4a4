package io.segeval.core;

import io.segeval.codec.Reason;

/**
 * Where a value lies in an image, for the reasons of bad records: {@code (row r, col c)} in a
 * (H, W) map, whose flat C-order index is j = r·W + c, and {@code (channel k, row r, col c)} in a
 * channel-major (C, H, W) array, whose index is k·H·W + j; in a (D, H, W) volume
 * {@code (slice d, row r, col c)}, j = (d·H + r)·W + c, and {@code (channel k, slice d, row r, col c)}
 * ({@link PixelGrid} picks). The numbers are the record's values (# in the reason's class).
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

  /** Voxel j of a volume of slices of {@code height} rows of the given width. */
  public static Reason inVolume(long index, int height, int width) {
    long[] v = sliceRowCol(index, height, width);
    return Reason.of("(slice {}, row {}, col {})", v[0], v[1], v[2]);
  }

  /** Voxel j of channel k of a volume. */
  public static Reason inVolumeChannel(int channel, long index, int height, int width) {
    long[] v = sliceRowCol(index, height, width);
    return Reason.of("(channel {}, slice {}, row {}, col {})", channel, v[0], v[1], v[2]);
  }

  /** d, r, c of j = (d·H + r)·W + c (a height or width below 1 counts as 1). */
  private static long[] sliceRowCol(long index, int height, int width) {
    long w = Math.max(1, width);
    long slice = w * Math.max(1, height);
    return new long[] {index / slice, index % slice / w, index % w};
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
