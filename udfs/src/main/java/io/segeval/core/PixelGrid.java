package io.segeval.core;

import io.segeval.codec.Reason;
import java.io.Serializable;

/**
 * How the flat C-order indices of an image or volume name its pixels, for the reasons of bad
 * records. An image (H, W): index j = r·W + c is {@code (row r, col c)}. A volume (D, H, W) of D
 * slices of H rows: j = (d·H + r)·W + c is {@code (slice d, row r, col c)}. Every metric is a sum
 * over pixels, so a volume is evaluated as the image of D·H rows of width W it is in C order; the
 * grid only names where a value lies.
 *
 * @param sliceRows H, the rows of one slice of a volume; 0 for an image
 * @param width W
 */
public record PixelGrid(int sliceRows, int width) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An image of the given width. */
  public static PixelGrid image(int width) {
    return new PixelGrid(0, width);
  }

  /** A volume of slices of {@code height} rows of {@code width} pixels. */
  public static PixelGrid volume(int height, int width) {
    if (height < 1) {
      throw new IllegalArgumentException("a volume's slices have at least one row, got " + height);
    }
    return new PixelGrid(height, width);
  }

  public boolean isVolume() {
    return sliceRows > 0;
  }

  /** Where pixel (voxel) j lies. */
  public Reason at(long index) {
    return isVolume() ? PixelPosition.inVolume(index, sliceRows, width) : PixelPosition.of(index, width);
  }

  /** Where pixel (voxel) j of channel k lies. */
  public Reason inChannel(int channel, long index) {
    return isVolume()
        ? PixelPosition.inVolumeChannel(channel, index, sliceRows, width)
        : PixelPosition.inChannel(channel, index, width);
  }
}
