package io.segeval.codec;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * A decoded n-dimensional array in C (row-major) order with its values widened to double (exact
 * for every dtype SegEval reads: float16/32/64 and integers up to 2^53).
 *
 * <p>{@code data} may be longer than {@link #size()} when a buffer is reused; only the first
 * {@code size()} elements are valid.
 *
 * @param shape the dimensions, e.g. {@code [H, W]} or {@code [C, H, W]}
 * @param data the values in C order
 * @param integral whether the source dtype was an integer or boolean type (labels), not a float
 * @param float16 whether the source dtype was float16, which holds at most ±65504: an infinite
 *     value in it is most likely a larger value that overflowed when it was saved
 */
public record NdArray(int[] shape, double[] data, boolean integral, boolean float16) {
  /** Pixels per tile of {@link #channelsFirst}: their C values stay in cache while each channel is written. */
  private static final int TRANSPOSE_TILE = 1024;

  /** An array of any other source dtype than float16 (a PNG, an array cell, integers, float32/64). */
  public NdArray(int[] shape, double[] data, boolean integral) {
    this(shape, data, integral, false);
  }

  public NdArray {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n > data.length) {
      throw new IllegalArgumentException(
          "data holds " + data.length + " values, shape " + Arrays.toString(shape) + " needs " + n);
    }
  }

  /** Number of elements, the product of the dimensions. */
  public int size() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return (int) n;
  }

  public int rank() {
    return shape.length;
  }

  /**
   * The (H, W) of a single map: the shape of a (H, W) array, or of a (1, H, W) or (H, W, 1) one
   * squeezed (a mask saved with its channel axis first, as PyTorch does, or last, as Keras does;
   * in C order both hold the values of the (H, W) map as they are); null for any other shape.
   */
  public int[] mapShape() {
    return mapShape(shape);
  }

  /** {@link #mapShape()} of an array of {@code shape}. */
  private static int[] mapShape(int[] shape) {
    if (shape.length == 2) {
      return shape.clone();
    }
    if (shape.length != 3) {
      return null;
    }
    if (shape[0] == 1) {
      return new int[] {shape[1], shape[2]};
    }
    return shape[2] == 1 ? new int[] {shape[0], shape[1]} : null;
  }

  /**
   * {@link #mapShape}, read as {@code fits} (the other side of the image) reads it where the shape
   * alone does not tell: a (1, n, 1) array is (n, 1) saved channel-first or (1, n) saved
   * channel-last, and is (1, n) when {@code fits} takes that and not (n, 1). So a 1×W target saved
   * channel-last pairs with its (1, W) prediction, as a (1, W) target pairs with a (1, W, 1)
   * prediction ({@link #isMapOf}). Null when this is no single map.
   */
  public int[] mapShape(Predicate<int[]> fits) {
    int[] hw = mapShape();
    if (hw == null || shape.length != 3 || shape[0] != 1 || shape[2] != 1 || fits.test(hw)) {
      return hw;
    }
    int[] rowOfPixels = {1, shape[1]};
    return fits.test(rowOfPixels) ? rowOfPixels : hw;
  }

  /**
   * Whether this array is one (H, W) map of the given {@code hw}: shaped (H, W), (1, H, W) or
   * (H, W, 1). Unlike {@link #mapShape} this reads a (1, H, 1) array either way, so a 1×W image
   * saved channel-last matches its (1, W) target.
   */
  public boolean isMapOf(int[] hw) {
    int h = hw[0];
    int w = hw[1];
    return Arrays.equals(shape, hw) || Arrays.equals(shape, new int[] {1, h, w}) || Arrays.equals(shape, new int[] {h, w, 1});
  }

  /**
   * This array without its leading axes of length 1 beyond three, as PyTorch saves a batch of one:
   * (1, D, H, W) and (1, 1, D, H, W) read as (D, H, W), (1, C, H, W) as (C, H, W). The values are
   * the same in C order; this array when there is none.
   */
  public NdArray withoutBatchAxes() {
    int drop = batchAxes(shape);
    return drop == 0 ? this : new NdArray(Arrays.copyOfRange(shape, drop, shape.length), data, integral, float16);
  }

  /** How many leading axes of {@code shape} {@link #withoutBatchAxes} drops: those of length 1 beyond three. */
  private static int batchAxes(int[] shape) {
    int drop = 0;
    while (shape.length - drop > 3 && shape[drop] == 1) {
      drop++;
    }
    return drop;
  }

  /**
   * The (D, H, W) of a volume: a 3-D array that is no single map ({@link #mapShape}), so D > 1
   * slices of W > 1 columns; null for any other shape. In C order a volume holds the values of the
   * (D·H, W) image of its slices one under the other.
   */
  public int[] volumeShape() {
    return isVolume(shape) ? shape.clone() : null;
  }

  private static boolean isVolume(int[] shape) {
    return shape.length == 3 && mapShape(shape) == null;
  }

  /**
   * Whether an array of {@code shape}, decoded, is a volume ({@link #volumeShape} once
   * {@link #withoutBatchAxes}): for what a header says, before (or without) decoding the data.
   */
  public static boolean isVolumeShape(int[] shape) {
    return isVolume(Arrays.copyOfRange(shape, batchAxes(shape), shape.length));
  }

  /**
   * Whether this array, a (W, H, D) volume or (C, W, H, D) scores, holds the axes of the volume
   * {@code dhw} in reverse order: one NIfTI read as (x, y, z) (nibabel) and as (z, y, x)
   * (SimpleITK). Never when D = W, where the shapes cannot tell.
   */
  public boolean isReversedVolumeOf(int[] dhw) {
    int n = shape.length;
    return (n == 3 || n == 4) && dhw[0] != dhw[2]
        && shape[n - 3] == dhw[2] && shape[n - 2] == dhw[1] && shape[n - 1] == dhw[0];
  }

  /** Whether this array is (C, D, H, W) scores over the volume {@code dhw}, channels first. */
  public boolean isScoresOfVolume(int[] dhw) {
    return shape.length == 4 && shape[1] == dhw[0] && shape[2] == dhw[1] && shape[3] == dhw[2];
  }

  /**
   * Whether this array is (H, W, C) scores over the given {@code hw}, channels last as Keras and
   * TensorFlow write them, C > 1; an array that reads as (C, H, W) too (C = H = W) is not.
   */
  public boolean isChannelsLastOf(int[] hw) {
    return shape.length == 3 && shape[0] == hw[0] && shape[1] == hw[1] && shape[2] > 1
        && !(shape[1] == hw[0] && shape[2] == hw[1]);
  }

  /**
   * This (H, W, C) array as (C, H, W), channel-major: out[c·H·W + j] = data[j·C + c], in
   * {@code reuse} when it is large enough. Tiles of pixels keep the source in cache while each
   * channel's row is written.
   */
  public NdArray channelsFirst(double[] reuse) {
    if (shape.length != 3) {
      throw new IllegalStateException("channelsFirst of a " + shapeString() + " array");
    }
    int c = shape[2];
    int n = shape[0] * shape[1];
    double[] out = ReusedBuffer.atLeast(reuse, n * c);
    for (int from = 0; from < n; from += TRANSPOSE_TILE) {
      int to = Math.min(n, from + TRANSPOSE_TILE);
      for (int k = 0; k < c; k++) {
        int row = k * n;
        for (int j = from; j < to; j++) {
          out[row + j] = data[j * c + k];
        }
      }
    }
    return new NdArray(new int[] {c, shape[0], shape[1]}, out, integral, float16);
  }

  /** The shape as {@code HxW} or {@code CxHxW}, for messages. */
  public String shapeString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        b.append('x');
      }
      b.append(shape[i]);
    }
    return b.toString();
  }
}
