package io.segeval.codec;

import java.util.Arrays;

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
 */
public record NdArray(int[] shape, double[] data, boolean integral) {

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
   * Whether this array is one (H, W) map of the given {@code hw}: shaped (H, W), (1, H, W) or
   * (H, W, 1). Unlike {@link #mapShape} this reads a (1, H, 1) array either way, so a 1×W image
   * saved channel-last matches its (1, W) target.
   */
  public boolean isMapOf(int[] hw) {
    int h = hw[0];
    int w = hw[1];
    return Arrays.equals(shape, hw) || Arrays.equals(shape, new int[] {1, h, w}) || Arrays.equals(shape, new int[] {h, w, 1});
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
