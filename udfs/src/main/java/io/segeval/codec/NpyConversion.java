package io.segeval.codec;

import java.nio.ByteBuffer;

/**
 * Widens an NPY file's data to doubles, one loop per dtype: floats as they are (NaN and ±infinity
 * too, float16 exactly), integers exactly up to 2^53 (int64/uint64 above are rounded to the nearest
 * double), bool as 0 and 1. The buffer is a view of the file's bytes in the file's byte order: the
 * values go from it straight into {@code out}, with no copy in between.
 */
final class NpyConversion {

  private NpyConversion() {}

  /** One conversion loop per dtype, reading through a typed view of the data. */
  static void toDoubles(ByteBuffer buf, NpyDtype dtype, int n, double[] out) {
    switch (dtype) {
      case FLOAT16 -> {
        var v = buf.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = Half.toDouble(v.get(i));
        }
      }
      case FLOAT32 -> {
        var v = buf.asFloatBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = v.get(i);
        }
      }
      case FLOAT64 -> buf.asDoubleBuffer().get(out, 0, n);
      case INT8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = buf.get(i);
        }
      }
      case UINT8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = buf.get(i) & 0xFF;
        }
      }
      case BOOL -> {
        for (int i = 0; i < n; i++) {
          out[i] = buf.get(i) != 0 ? 1.0 : 0.0;
        }
      }
      case INT16 -> {
        var v = buf.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = v.get(i);
        }
      }
      case UINT16 -> {
        var v = buf.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = v.get(i) & 0xFFFF;
        }
      }
      case INT32 -> {
        var v = buf.asIntBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = v.get(i);
        }
      }
      case UINT32 -> {
        var v = buf.asIntBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = v.get(i) & 0xFFFFFFFFL;
        }
      }
      case INT64 -> {
        var v = buf.asLongBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = v.get(i);
        }
      }
      case UINT64 -> {
        var v = buf.asLongBuffer();
        for (int i = 0; i < n; i++) {
          long x = v.get(i);
          // unsigned: values >= 2^63 are negative as long; halve (keeping the low bit for
          // correct rounding), convert, double.
          out[i] = x >= 0 ? x : ((x >>> 1) | (x & 1)) * 2.0;
        }
      }
      default -> throw new AssertionError(dtype);
    }
  }
}
