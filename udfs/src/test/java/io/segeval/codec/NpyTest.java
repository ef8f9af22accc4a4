package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {

  private static final long MAX = 50_000_000L;

  /** A version 1.0 file with the given header dict and data bytes. */
  static byte[] npy(String dict, byte[] data) {
    ByteBuffer b = NpyWriter.startHeader(dict, data.length);
    b.put(data);
    return b.array();
  }

  static byte[] npy(String descr, String shape, byte[] data) {
    return npy(
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
  }

  static byte[] resource(String name) {
    try (InputStream in = NpyTest.class.getResourceAsStream("/codec/npy/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String refusal(byte[] bytes) {
    return assertThrows(BadRecordException.class, () -> Npy.decode(bytes, MAX, null)).reason();
  }

  // ------------------------------------------------------------------ dtypes and byte orders

  /** Encodes {@code values} with the dtype's item size and byte order. */
  private static byte[] raw(char kind, int size, ByteOrder order, double[] values) {
    ByteBuffer b = ByteBuffer.allocate(size * values.length).order(order);
    for (double v : values) {
      switch (kind + "" + size) {
        case "f4" -> b.putFloat((float) v);
        case "f8" -> b.putDouble(v);
        case "i1", "u1", "b1" -> b.put((byte) (long) v);
        case "i2", "u2" -> b.putShort((short) (long) v);
        case "i4", "u4" -> b.putInt((int) (long) v);
        case "i8" -> b.putLong((long) v);
        default -> throw new IllegalArgumentException(kind + "" + size);
      }
    }
    return b.array();
  }

  @ParameterizedTest
  @ValueSource(strings = {"<", ">"})
  void everyDtypeRoundTripsExactlyInEitherByteOrder(String orderChar) {
    ByteOrder order = orderChar.equals("<") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    Object[][] cases = {
      {'f', 4, false, new double[] {0, -0.0, 1.5, -3.25e-5f, Float.MAX_VALUE, Float.MIN_VALUE,
          Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}},
      {'f', 8, false, new double[] {0.1, -1e300, Double.MIN_VALUE, 7, Double.NEGATIVE_INFINITY,
          -0.0}},
      {'i', 1, true, new double[] {-128, -1, 0, 1, 127, 5}},
      {'u', 1, true, new double[] {0, 1, 128, 255, 7, 200}},
      {'i', 2, true, new double[] {-32768, -1, 0, 32767, 255, 3}},
      {'u', 2, true, new double[] {0, 32768, 65535, 1, 2, 3}},
      {'i', 4, true, new double[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE, 10, 11}},
      {'u', 4, true, new double[] {0, 2147483648.0, 4294967295.0, 1, 2, 3}},
      {'i', 8, true, new double[] {-(1L << 53), -1, 0, 1L << 53, 42, -42}},
      {'b', 1, true, new double[] {0, 1, 1, 0, 0, 1}},
    };
    for (Object[] c : cases) {
      char kind = (char) c[0];
      int size = (int) c[1];
      double[] values = (double[]) c[3];
      String descr = (size == 1 ? "|" : orderChar) + kind + size;
      byte[] file = npy(descr, "(" + values.length + ",)", raw(kind, size, order, values));
      NdArray a = Npy.decode(file, MAX, null);
      assertArrayEquals(new int[] {values.length}, a.shape(), descr);
      assertArrayEquals(values, a.data(), descr);
      assertEquals((boolean) c[2], a.integral(), descr);
    }
  }

  @Test
  void uint64AboveTwoToThe63IsReadUnsigned() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(-1L).putLong(Long.MIN_VALUE).putLong(1L << 53);
    NdArray a = Npy.decode(npy("<u8", "(3,)", b.array()), MAX, null);
    assertArrayEquals(new double[] {0x1p64, 0x1p63, 0x1p53}, a.data());
  }

  @Test
  void float16IsDecodedByHandIncludingSpecials() {
    // bits -> value: ±0, smallest subnormal 2^-24, largest subnormal 1023 * 2^-24,
    // smallest normal 2^-14, 1, 1/3 rounded, max 65504, ±inf, NaN
    short[] bits = {0x0000, (short) 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0x3555, 0x7BFF,
        0x7C00, (short) 0xFC00, 0x7E00, (short) 0xC100};
    double[] expected = {0.0, -0.0, 0x1p-24, 1023 * 0x1p-24, 0x1p-14, 1.0, 0.333251953125,
        65504.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -2.5};
    for (String orderChar : new String[] {"<", ">", "="}) {
      ByteOrder order = orderChar.equals(">") ? ByteOrder.BIG_ENDIAN
          : orderChar.equals("<") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
      ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(order);
      for (short s : bits) {
        b.putShort(s);
      }
      NdArray a = Npy.decode(npy(orderChar + "f2", "(3, 4)", b.array()), MAX, null);
      assertArrayEquals(expected, a.data(), orderChar); // assertArrayEquals tells -0.0 from 0.0
      assertFalse(a.integral());
      assertTrue(a.float16(), "an infinity in it may be an overflow: the array says it was float16");
    }
  }

  @Test
  void onlyFloat16ArraysSayTheyAreFloat16AndKeepItWithoutTheirBatchAxes() {
    NdArray half = Npy.decode(npy("<f2", "(1, 1, 2, 1, 1)", new byte[4]), MAX, null);
    assertTrue(half.withoutBatchAxes().float16());
    assertTrue(Npy.decode(npy("<e", "(2, 2, 3)", new byte[24]), MAX, null).channelsFirst(null).float16());
    for (String other : new String[] {"<f4", "<f8", "|u1", "<i2"}) {
      int size = Integer.parseInt(other.substring(2));
      assertFalse(Npy.decode(npy(other, "(2,)", new byte[2 * size]), MAX, null).float16(), other);
    }
  }

  @Test
  void float16IsStrictlyIncreasingOverAllPositiveFiniteBitPatterns() {
    double previous = -1;
    for (int bits = 0; bits < 0x7C00; bits++) {
      double v = Half.toDouble((short) bits);
      assertTrue(v > previous, "bits " + Integer.toHexString(bits));
      assertEquals(-v, Half.toDouble((short) (bits | 0x8000)));
      previous = v;
    }
    assertEquals(65504.0, previous);
  }

  @Test
  void fortranOrderIsTransposedIntoCOrder() {
    // C-order matrix [[1,2,3],[4,5,6]] stored column by column: 1 4 2 5 3 6
    byte[] data = raw('f', 8, ByteOrder.LITTLE_ENDIAN, new double[] {1, 4, 2, 5, 3, 6});
    byte[] file = npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", data);
    NdArray a = Npy.decode(file, MAX, null);
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.data());
  }

  @Test
  void headerDictIsParsedInAnyKeyOrderQuoteStyleAndSpacing() {
    byte[] data = raw('f', 4, ByteOrder.LITTLE_ENDIAN, new double[] {1, 2, 3, 4, 5});
    String[] dicts = {
      "{'shape': (5,), 'fortran_order': False, 'descr': '<f4'}",
      "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(5,),}",
      "{  'fortran_order' :  False ,\t'shape' : ( 5 , ) ,  'descr' : '<f4' ,  }",
      "{'descr': '<f4', 'fortran_order': True, 'shape': (5L,), }",
    };
    for (String dict : dicts) {
      NdArray a = Npy.decode(npy(dict, data), MAX, null);
      assertArrayEquals(new int[] {5}, a.shape(), dict);
      assertArrayEquals(new double[] {1, 2, 3, 4, 5}, a.data(), dict);
    }
  }

  @Test
  void readHeaderReportsTheFields() {
    NpyHeader h = Npy.readHeader(resource("float64_fortran.npy"));
    assertEquals("<f8", h.descr());
    assertTrue(h.fortranOrder());
    assertArrayEquals(new long[] {2, 3, 4}, h.shape());
    assertEquals(128, h.dataOffset());
    assertEquals(24, h.elementCount());
  }

  @Test
  void reusesTheBufferWhenLargeEnoughOnly() {
    byte[] file = NpyWriter.encodeFloat32(new int[] {2, 2}, new float[] {1, 2, 3, 4});
    double[] big = new double[10];
    Arrays.fill(big, 9);
    NdArray a = Npy.decode(file, MAX, big);
    assertSame(big, a.data());
    assertEquals(4, a.size());
    assertArrayEquals(new double[] {1, 2, 3, 4, 9}, Arrays.copyOf(a.data(), 5));
    NdArray b = Npy.decode(file, MAX, new double[3]);
    assertEquals(4, b.data().length);
  }

  @Test
  void writersRoundTrip() {
    NdArray f = Npy.decode(NpyTestWriter.encodeFloat64(new int[] {1, 3}, new double[] {0.1, -2, 1e-300}),
        MAX, null);
    assertArrayEquals(new double[] {0.1, -2, 1e-300}, f.data());
    NdArray u = Npy.decode(NpyTestWriter.encodeUint8(new int[] {2, 1, 2}, new byte[] {0, 1, (byte) 255, 9}),
        MAX, null);
    assertArrayEquals(new int[] {2, 1, 2}, u.shape());
    assertArrayEquals(new double[] {0, 1, 255, 9}, u.data());
    assertTrue(u.integral());
  }

  @Test
  void emptyArrayDecodesToNoValues() {
    NdArray a = Npy.decode(NpyWriter.encodeFloat32(new int[] {0, 5}, new float[0]), MAX, null);
    assertArrayEquals(new int[] {0, 5}, a.shape());
    assertEquals(0, a.size());
  }

  // ------------------------------------------------------------------ files written by numpy

  @Test
  void numpyFloat16BigEndian() {
    NdArray a = Npy.decode(resource("float16_be.npy"), MAX, null);
    assertArrayEquals(new int[] {3, 3}, a.shape());
    assertArrayEquals(new double[] {0.0, -0.0, 1.0, 65504.0, 0x1p-24, -2.5,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0x1p-14}, a.data());
  }

  @Test
  void numpyFloat64Fortran() {
    NdArray a = Npy.decode(resource("float64_fortran.npy"), MAX, null);
    assertArrayEquals(new int[] {2, 3, 4}, a.shape());
    for (int i = 0; i < 24; i++) {
      assertEquals(i / 8.0, a.data()[i]); // np.arange(24).reshape(2,3,4) / 8
    }
  }

  @Test
  void numpyIntegerBoolAndVersions() {
    assertArrayEquals(new double[] {-32768, -1, 0, 1, 255, 32767},
        Npy.decode(resource("int16.npy"), MAX, null).data());
    NdArray bool = Npy.decode(resource("bool.npy"), MAX, null);
    assertArrayEquals(new double[] {1, 0, 0, 1}, bool.data());
    assertTrue(bool.integral());
    assertArrayEquals(new double[] {0, 0x1p53, 0x1p64 - 2048},
        Npy.decode(resource("uint64_be.npy"), MAX, null).data());
    NdArray v2 = Npy.decode(resource("uint8_v2.npy"), MAX, null);
    assertArrayEquals(new int[] {2, 3}, v2.shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, v2.data());
    assertArrayEquals(new double[] {0.5, -1.25},
        Npy.decode(resource("float32_v3.npy"), MAX, null).data());
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void objectArraysAreRefusedFromTheHeaderWithoutUnpickling() {
    String why = "object (pickled) arrays are not read: SegEval never unpickles; save a numeric"
        + " array";
    assertEquals(why, refusal(resource("object.npy")));
    // The header alone decides: a file whose pickle payload is missing or is a hostile
    // pickle (os.system) gets the same refusal, so the payload is never looked at.
    assertEquals(why, refusal(npy("|O", "(1,)", new byte[0])));
    byte[] hostile = "cos\nsystem\n(S'touch /tmp/segeval-pwned'\ntR.".getBytes();
    assertEquals(why, refusal(npy("|O", "(1,)", hostile)));
  }

  @Test
  void nonNumericDtypesAreRefused() {
    assertEquals("string array (dtype '<U2') is not read; save a numeric array",
        refusal(resource("unicode.npy")));
    assertEquals("complex array (dtype '<c8') is not read; save a real (float) array",
        refusal(resource("complex64.npy")));
    assertEquals("complex array (dtype '<c16') is not read; save a real (float) array",
        refusal(npy("<c16", "(1,)", new byte[16])));
    assertEquals("structured (record) arrays are not read; save a plain numeric array",
        refusal(resource("structured.npy")));
    assertEquals("datetime/timedelta array (dtype '<M8[D]') is not read; save a numeric array",
        refusal(resource("datetime.npy")));
    assertEquals("void/raw-bytes array (dtype '|V8') is not read; save a numeric array",
        refusal(npy("|V8", "(1,)", new byte[8])));
    assertEquals("string array (dtype '|S3') is not read; save a numeric array",
        refusal(npy("|S3", "(1,)", new byte[3])));
    assertTrue(refusal(npy("<f16", "(1,)", new byte[16])).startsWith("unsupported dtype '<f16'"));
  }

  @Test
  void scalarsAreRefused() {
    assertEquals(
        "NPY file holds a scalar (shape ()); SegEval needs an array of shape (H,W) or (C,H,W)",
        refusal(resource("scalar.npy")));
  }

  @Test
  void notAnNpyFile() {
    assertTrue(refusal("hello world, not numpy".getBytes()).startsWith("not an NPY file"));
    assertTrue(refusal(new byte[0]).startsWith("not an NPY file"));
    byte[] v9 = NpyWriter.encodeFloat32(new int[] {1}, new float[] {1});
    v9[6] = 9;
    assertEquals("unsupported NPY format version 9.0 (SegEval reads 1.0, 2.0 and 3.0)",
        refusal(v9));
  }

  @Test
  void truncatedDataNamesTheExpectedAndActualSizes() {
    byte[] file = npy("<f4", "(4, 5)", new byte[12]);
    assertEquals("truncated: header says 4x5 float32 = 80 bytes of data, file has 12",
        refusal(file));
  }

  /** {@code np.save} twice on one open file writes two arrays; reading the first alone would be a silent misread. */
  @Test
  void bytesAfterTheDataAreRefused() {
    byte[] one = NpyWriter.encodeFloat32(new int[] {2, 3}, new float[6]);
    byte[] two = Arrays.copyOf(one, 2 * one.length);
    System.arraycopy(one, 0, two, one.length, one.length);
    assertEquals("bytes after the array: header says 2x3 float32 = 24 bytes of data, file has 176 (several arrays"
        + " saved into one file?); save one array per file", refusal(two));
    assertEquals("bytes after the array: header says 2x3 float32 = 24 bytes of data, file has 25 (several arrays"
        + " saved into one file?); save one array per file", refusal(Arrays.copyOf(one, one.length + 1)));
  }

  @Test
  void truncatedHeaderIsRefused() {
    byte[] full = NpyWriter.encodeFloat32(new int[] {2}, new float[] {1, 2});
    assertEquals("truncated: NPY header claims 118 bytes, file has 40 after the magic",
        refusal(Arrays.copyOf(full, 50)));
    assertEquals("truncated: NPY file ends inside its header length field",
        refusal(Arrays.copyOf(full, 9)));
  }

  @Test
  void malformedHeadersAreRefused() {
    byte[] data = new byte[4];
    for (String dict : new String[] {
        "{'descr': '<f4', 'shape': (1,), }",
        "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
        "{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}",
        "{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}",
        "not a dict"}) {
      String why = refusal(npy(dict, data));
      assertTrue(why.startsWith("malformed NPY header") || why.startsWith("NPY header lacks"),
          why);
    }
  }

  @Test
  void hugeShapeIsRefusedFromTheHeaderBeforeAnyAllocation() {
    // A 150-byte file claiming 10^10 float32 values: refused without allocating 80 GB.
    byte[] file = npy("<f4", "(100000, 100000)", new byte[16]);
    assertEquals(
        "header claims 100000x100000 = 10000000000 values, more than --max-pixels 50000000"
            + " (it limits values: H×W for a mask, C×H×W for a score array)",
        refusal(file));
    byte[] overflow = npy("<f4", "(999999999999999999, 999999999999999999)", new byte[0]);
    assertTrue(refusal(overflow).contains("more than 2^63 values"));
    byte[] small = NpyWriter.encodeFloat32(new int[] {3, 3}, new float[9]);
    BadRecordException e =
        assertThrows(BadRecordException.class, () -> Npy.decode(small, 8, null));
    assertEquals("header claims 3x3 = 9 values, more than --max-pixels 8 (it limits values: H×W for a mask,"
        + " C×H×W for a score array)", e.reason());
  }
  @Test
  void aLimitAboveAJavaArrayNamesTheArrayNotAnOptionValueNeverGiven() {
    // 8 × 20000 × 20000 = 3.2·10^9 scores (int overflow territory) with --max-pixels 4000000000
    byte[] file = npy("<f2", "(8, 20000, 20000)", new byte[0]);
    BadRecordException e = assertThrows(BadRecordException.class, () -> Npy.decode(file, 4_000_000_000L, null));
    assertEquals("header claims 8x20000x20000 = 3200000000 values, more than the 2147483639 one Java array holds,"
        + " the most SegEval decodes from a file whatever --max-pixels says: split the image into tiles", e.reason());
  }
}
