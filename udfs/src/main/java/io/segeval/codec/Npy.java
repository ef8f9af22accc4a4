package io.segeval.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) straight into a primitive
 * {@code double[]}. The entry point; its parts: {@link NpyHeader} (magic, version and the dict,
 * parsed by {@link NpyHeaderDict}), {@link NpyDtype}, {@link NpyChecks} (what is refused before any
 * data is read), {@link NpyConversion} and {@link FortranOrder} (the data widened to doubles in C
 * order). {@link NpyWriter} writes files.
 *
 * <p>Read: float16/32/64, signed and unsigned 8..64-bit integers and bool, in either byte order
 * and in C or Fortran order (Fortran data is transposed into C order). Float values are copied
 * as they are: NaN and ±infinity come through unchanged (callers decide whether they are bad
 * records). uint64/int64 values above 2^53 are rounded to the nearest double.
 *
 * <p>Refused with a {@link BadRecordException}: anything that is not an NPY file, truncated
 * files, files with bytes after the array's data (a second array), object (pickled) arrays (never
 * unpickled), strings, complex, datetime, void and structured dtypes, scalars (rank 0), and arrays
 * whose header claims more than {@code maxElements} values (checked before anything is allocated).
 */
public final class Npy {

  private Npy() {}

  /** Reads and checks the header only (magic, version, dict); does not look at the data. */
  public static NpyHeader readHeader(byte[] bytes) {
    return NpyHeader.parse(bytes);
  }

  /**
   * Checks everything that can be checked without converting the data: the header, the dtype,
   * the rank, the element count against {@code maxElements} and the file length.
   *
   * @return the header; its element count fits in an int
   */
  public static NpyHeader checkHeader(byte[] bytes, long maxElements) {
    return NpyChecks.checkedHeader(bytes, maxElements);
  }

  /**
   * Decodes an NPY file into C order.
   *
   * @param maxElements refuse arrays with more values than this (from the header alone)
   * @param reuse a buffer to fill when it is large enough; otherwise a new one is allocated
   */
  public static NdArray decode(byte[] bytes, long maxElements, double[] reuse) {
    NpyHeader h = checkHeader(bytes, maxElements);
    NpyDtype dtype = NpyDtype.of(h.descr());
    ByteOrder order = NpyDtype.byteOrderOf(h.descr());
    int count = (int) h.elementCount();
    long dataBytes = (long) count * dtype.itemSize;
    int[] shape = new int[h.shape().length];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = (int) h.shape()[i];
    }
    double[] out = ReusedBuffer.atLeast(reuse, count);
    ByteBuffer buf =
        ByteBuffer.wrap(bytes, h.dataOffset(), (int) dataBytes).slice().order(order);
    boolean transpose = h.fortranOrder() && FortranOrder.needsTranspose(shape);
    if (transpose) {
      double[] fortran = new double[count];
      NpyConversion.toDoubles(buf, dtype, count, fortran);
      FortranOrder.toC(fortran, shape, out);
    } else {
      NpyConversion.toDoubles(buf, dtype, count, out);
    }
    return new NdArray(shape, out, dtype.integral, dtype == NpyDtype.FLOAT16);
  }
}
