package io.segeval.codec;

import java.util.List;

/**
 * What is checked of an NPY file before its data is converted, each refusal with its fix: the
 * dtype, the rank, the element count against {@code --max-pixels} and a Java array, and that the
 * file holds exactly the data its header describes.
 */
final class NpyChecks {

  private NpyChecks() {}

  /**
   * The header of {@code bytes}, refused for an unsupported dtype, a scalar, more than {@code
   * maxElements} values, or a data length other than shape × item size.
   *
   * @return the header; its element count fits in an int
   */
  static NpyHeader checkedHeader(byte[] bytes, long maxElements) {
    NpyHeader h = NpyHeader.parse(bytes);
    NpyDtype dtype = NpyDtype.of(h.descr());
    if (h.shape().length == 0) {
      throw new BadRecordException(
          "NPY file holds a scalar (shape ()); SegEval needs an array of shape (H,W) or (C,H,W)");
    }
    long n = elementCountOrRefuse(h, maxElements);
    long dataBytes = n * dtype.itemSize; // n < 2^31, itemSize <= 8: no overflow
    long available = bytes.length - (long) h.dataOffset();
    if (available < dataBytes) {
      throw new BadRecordException(Reason.of("truncated: header says {} {} = {} bytes of data, file has {}",
          shapeString(h.shape()), dtype.label, dataBytes, available));
    }
    if (available > dataBytes) {
      // numpy writes the data and nothing after it; more is another array (np.save called twice
      // on one open file) or a header whose shape or dtype is not the data's: neither read silently
      throw new BadRecordException(Reason.of("bytes after the array: header says {} {} = {} bytes of data, file has {}"
          + " (several arrays saved into one file?); save one array per file",
          shapeString(h.shape()), dtype.label, dataBytes, available));
    }
    return h;
  }

  /** The header's element count, refused above {@code maxElements}, a Java array or an int dimension. */
  private static long elementCountOrRefuse(NpyHeader h, long maxElements) {
    long limit = Math.min(maxElements, MaskCodecs.LARGEST_ARRAY);
    long count;
    try {
      count = h.elementCount();
    } catch (ArithmeticException e) {
      count = -1; // more than 2^63
    }
    boolean dimTooLarge = false;
    for (long d : h.shape()) {
      dimTooLarge |= d > Integer.MAX_VALUE;
    }
    if (count >= 0 && count <= limit && !dimTooLarge) {
      return count;
    }
    String limits = h.shape().length >= 3 ? MaskCodecs.MAX_PIXELS_LIMITS_3D : MaskCodecs.MAX_PIXELS_LIMITS;
    TooManyValuesException e = MaskCodecs.tooManyValues("{}", List.of(shapeString(h.shape())), count, maxElements, limits);
    // a dimension beyond an int is no Java array's, whatever --max-pixels says
    throw dimTooLarge ? new TooManyValuesException(e.why(), -1) : e;
  }

  /** The shape as the refusals name it: "4x5", or "()" for a scalar. */
  private static String shapeString(long[] shape) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      b.append(i > 0 ? "x" : "").append(shape[i]);
    }
    return b.length() == 0 ? "()" : b.toString();
  }
}
