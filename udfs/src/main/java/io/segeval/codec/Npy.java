package io.segeval.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) straight into a
 * primitive {@code double[]}.
 *
 * <p>Read: float16/32/64, signed and unsigned 8..64-bit integers and bool, in either byte order
 * and in C or Fortran order (Fortran data is transposed into C order). Float values are copied
 * as they are: NaN and ±infinity come through unchanged (callers decide whether they are bad
 * records). uint64/int64 values above 2^53 are rounded to the nearest double.
 *
 * <p>Refused with a {@link BadRecordException}: anything that is not an NPY file, truncated
 * files, files with bytes after the array's data (a second array), object (pickled) arrays (never unpickled), strings, complex, datetime, void and
 * structured dtypes, scalars (rank 0), and arrays whose header claims more than {@code
 * maxElements} values (checked before anything is allocated).
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private Npy() {}

  /**
   * The parsed header.
   *
   * @param descr the dtype string as written, e.g. {@code "<f4"}
   * @param fortranOrder whether the data is in Fortran (column-major) order
   * @param shape the dimensions
   * @param dataOffset where the data starts in the file
   */
  public record NpyHeader(String descr, boolean fortranOrder, long[] shape, int dataOffset) {

    /** Number of elements (product of the dimensions; may exceed int for a hostile header). */
    public long elementCount() {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }
  }

  /**
   * The dtypes SegEval reads, each with its numpy name (for messages), its item size in bytes and
   * whether it holds integers (labels). {@code dtypeOf} maps a header's descr ({@code "<f4"}) to one.
   */
  private enum Dtype {
    FLOAT16("float16", 2, false),
    FLOAT32("float32", 4, false),
    FLOAT64("float64", 8, false),
    INT8("int8", 1, true),
    UINT8("uint8", 1, true),
    INT16("int16", 2, true),
    UINT16("uint16", 2, true),
    INT32("int32", 4, true),
    UINT32("uint32", 4, true),
    INT64("int64", 8, true),
    UINT64("uint64", 8, true),
    BOOL("bool", 1, true);

    final String label;
    final int itemSize;
    final boolean integral;

    Dtype(String label, int itemSize, boolean integral) {
      this.label = label;
      this.itemSize = itemSize;
      this.integral = integral;
    }
  }

  // ---------------------------------------------------------------- reading

  /** Reads and checks the header only (magic, version, dict); does not look at the data. */
  public static NpyHeader readHeader(byte[] bytes) {
    if (bytes.length < 8 || !startsWithMagic(bytes)) {
      throw new BadRecordException("not an NPY file (no \\x93NUMPY magic at the start)");
    }
    int major = bytes[6] & 0xFF;
    int lenBytes;
    if (major == 1) {
      lenBytes = 2;
    } else if (major == 2 || major == 3) {
      lenBytes = 4;
    } else {
      throw new BadRecordException(Reason.of(
          "unsupported NPY format version {}.{} (SegEval reads 1.0, 2.0 and 3.0)", major, bytes[7] & 0xFF));
    }
    int start = 8 + lenBytes;
    if (bytes.length < start) {
      throw new BadRecordException("truncated: NPY file ends inside its header length field");
    }
    long headerLen = 0;
    for (int i = lenBytes - 1; i >= 0; i--) {
      headerLen = (headerLen << 8) | (bytes[8 + i] & 0xFF); // little-endian length
    }
    if (headerLen > bytes.length - start) {
      throw new BadRecordException(Reason.of(
          "truncated: NPY header claims {} bytes, file has {} after the magic", headerLen, bytes.length - start));
    }
    String text =
        new String(
            bytes,
            start,
            (int) headerLen,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    HeaderDict dict = HeaderDict.parse(text);
    return new NpyHeader(dict.descr, dict.fortranOrder, dict.shape, start + (int) headerLen);
  }

  /**
   * Checks everything that can be checked without converting the data: the header, the dtype,
   * the rank, the element count against {@code maxElements} and the file length.
   *
   * @return the header; its element count fits in an int
   */
  public static NpyHeader checkHeader(byte[] bytes, long maxElements) {
    NpyHeader h = readHeader(bytes);
    Dtype dtype = dtypeOf(h.descr());
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

  /**
   * Decodes an NPY file into C order.
   *
   * @param maxElements refuse arrays with more values than this (from the header alone)
   * @param reuse a buffer to fill when it is large enough; otherwise a new one is allocated
   */
  public static NdArray decode(byte[] bytes, long maxElements, double[] reuse) {
    NpyHeader h = checkHeader(bytes, maxElements);
    Dtype dtype = dtypeOf(h.descr());
    ByteOrder order = byteOrderOf(h.descr());
    int count = (int) h.elementCount();
    long dataBytes = (long) count * dtype.itemSize;
    int[] shape = new int[h.shape().length];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = (int) h.shape()[i];
    }
    double[] out = ReusedBuffer.atLeast(reuse, count);
    ByteBuffer buf =
        ByteBuffer.wrap(bytes, h.dataOffset(), (int) dataBytes).slice().order(order);
    boolean transpose = h.fortranOrder() && needsTranspose(shape);
    if (transpose) {
      double[] fortran = new double[count];
      convert(buf, dtype, count, fortran);
      fortranToC(fortran, shape, out);
    } else {
      convert(buf, dtype, count, out);
    }
    return new NdArray(shape, out, dtype.integral, dtype == Dtype.FLOAT16);
  }

  /** Whether {@code bytes} start with the NPY magic {@code \x93NUMPY}. */
  static boolean startsWithMagic(byte[] bytes) {
    return MaskCodecs.startsWith(bytes, MAGIC);
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

  /** One conversion loop per dtype, reading through a typed view of the data. */
  private static void convert(ByteBuffer buf, Dtype dtype, int n, double[] out) {
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

  /** Fortran order equals C order when at most one dimension is larger than 1. */
  private static boolean needsTranspose(int[] shape) {
    int big = 0;
    for (int d : shape) {
      if (d > 1) {
        big++;
      }
    }
    return big > 1;
  }

  /**
   * Walks the C-order index with an odometer; the Fortran offset of (i0..ik) is sum(i_j *
   * fstride_j) with fstride_0 = 1 and fstride_j = fstride_{j-1} * shape_{j-1}.
   */
  private static void fortranToC(double[] fortran, int[] shape, double[] out) {
    int rank = shape.length;
    int[] fstride = new int[rank];
    int[] idx = new int[rank];
    fstride[0] = 1;
    for (int j = 1; j < rank; j++) {
      fstride[j] = fstride[j - 1] * shape[j - 1];
    }
    int n = fortran.length;
    int src = 0;
    for (int c = 0; c < n; c++) {
      out[c] = fortran[src];
      for (int j = rank - 1; j >= 0; j--) { // advance the last (fastest in C) index first
        idx[j]++;
        src += fstride[j];
        if (idx[j] < shape[j]) {
          break;
        }
        src -= fstride[j] * shape[j];
        idx[j] = 0;
      }
    }
  }

  private static ByteOrder byteOrderOf(String descr) {
    return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
        : descr.charAt(0) == '=' ? ByteOrder.nativeOrder()
        : ByteOrder.LITTLE_ENDIAN; // '<', or '|' (single bytes: order does not matter)
  }

  private static Dtype dtypeOf(String descr) {
    String t = descr;
    if (!t.isEmpty() && "<>|=".indexOf(t.charAt(0)) >= 0) {
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      throw new BadRecordException("NPY header has an empty dtype 'descr'");
    }
    char kind = t.charAt(0);
    String size = t.substring(1);
    switch (kind) {
      case 'O':
        throw new BadRecordException(
            "object (pickled) arrays are not read: SegEval never unpickles; save a numeric array");
      case 'U':
      case 'S':
      case 'a':
        throw new BadRecordException(Reason.of("string array (dtype '{}') is not read; save a numeric array", descr));
      case 'c':
        throw new BadRecordException(
            Reason.of("complex array (dtype '{}') is not read; save a real (float) array", descr));
      case 'M':
      case 'm':
        throw new BadRecordException(
            Reason.of("datetime/timedelta array (dtype '{}') is not read; save a numeric array", descr));
      case 'V':
        throw new BadRecordException(
            Reason.of("void/raw-bytes array (dtype '{}') is not read; save a numeric array", descr));
      default:
        break;
    }
    Dtype d =
        switch (kind + size) {
          case "f2", "e" -> Dtype.FLOAT16;
          case "f4", "f" -> Dtype.FLOAT32;
          case "f8", "d" -> Dtype.FLOAT64;
          case "i1", "b" -> Dtype.INT8;
          case "u1", "B" -> Dtype.UINT8;
          case "i2", "h" -> Dtype.INT16;
          case "u2", "H" -> Dtype.UINT16;
          case "i4", "i" -> Dtype.INT32;
          case "u4", "I" -> Dtype.UINT32;
          case "i8", "q" -> Dtype.INT64;
          case "u8", "Q" -> Dtype.UINT64;
          case "b1", "?" -> Dtype.BOOL;
          default -> null;
        };
    if (d == null) {
      throw new BadRecordException(Reason.of(
          "unsupported dtype '{}' (SegEval reads float16/32/64, int8..int64, uint8..uint64 and bool)", descr));
    }
    return d;
  }

  static String shapeString(long[] shape) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      b.append(i > 0 ? "x" : "").append(shape[i]);
    }
    return b.length() == 0 ? "()" : b.toString();
  }

  /**
   * A small parser for the header, a Python dict literal such as {@code {'descr': '<f4',
   * 'fortran_order': False, 'shape': (4, 5), }}: keys in any order, either quote, spaces,
   * trailing commas. A list as 'descr' means a structured dtype and is refused.
   */
  private static final class HeaderDict {
    private final String s;
    private int pos;
    String descr;
    Boolean fortranOrder;
    long[] shape;

    private HeaderDict(String s) {
      this.s = s;
    }

    static HeaderDict parse(String text) {
      HeaderDict d = new HeaderDict(text);
      d.parseDict();
      if (d.descr == null || d.fortranOrder == null || d.shape == null) {
        throw new BadRecordException(
            Reason.of("NPY header lacks 'descr', 'fortran_order' or 'shape': {}", abbreviate(text)));
      }
      return d;
    }

    private void parseDict() {
      expect('{');
      while (true) {
        skipSpaces();
        if (peek() == '}') {
          pos++;
          break;
        }
        String key = parseString();
        expect(':');
        skipSpaces();
        switch (key) {
          case "descr" -> {
            if (peek() == '[') {
              throw new BadRecordException(
                  "structured (record) arrays are not read; save a plain numeric array");
            }
            descr = parseString();
          }
          case "fortran_order" -> fortranOrder = parseBool();
          case "shape" -> shape = parseTuple();
          default -> throw bad("unexpected key '" + key + "'");
        }
        skipSpaces();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw bad("expected ',' or '}'");
        }
      }
      skipSpaces();
      if (pos != s.length()) {
        throw bad("text after the closing '}'");
      }
    }

    private String parseString() {
      skipSpaces();
      char q = peek();
      if (q != '\'' && q != '"') {
        throw bad("expected a quoted string");
      }
      int end = s.indexOf(q, pos + 1);
      if (end < 0) {
        throw bad("unterminated string");
      }
      String v = s.substring(pos + 1, end);
      pos = end + 1;
      return v;
    }

    private boolean parseBool() {
      if (s.startsWith("True", pos)) {
        pos += 4;
        return true;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return false;
      }
      throw bad("expected True or False for 'fortran_order'");
    }

    private long[] parseTuple() {
      expect('(');
      List<Long> dims = new ArrayList<>();
      while (true) {
        skipSpaces();
        if (peek() == ')') {
          pos++;
          break;
        }
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (pos == start || pos - start > 18) {
          throw bad("expected a dimension (a non-negative integer) in 'shape'");
        }
        dims.add(Long.parseLong(s, start, pos, 10));
        if (peek() == 'L') { // Python 2 long suffix
          pos++;
        }
        skipSpaces();
        if (peek() == ',') {
          pos++;
        } else if (peek() != ')') {
          throw bad("expected ',' or ')' in 'shape'");
        }
      }
      long[] out = new long[dims.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = dims.get(i);
      }
      return out;
    }

    private void expect(char c) {
      skipSpaces();
      if (peek() != c) {
        throw bad("expected '" + c + "'");
      }
      pos++;
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private BadRecordException bad(String what) {
      return new BadRecordException(Reason.of("malformed NPY header ({} at character {}): {}",
          Reason.constant(what), pos, abbreviate(s)));
    }

    private static String abbreviate(String text) {
      String t = text.strip();
      return t.length() <= 120 ? t : t.substring(0, 117) + "...";
    }
  }

  // ---------------------------------------------------------------- writing (tests, demo)

  /** A little-endian, C-order, version 1.0 float32 file. */
  public static byte[] encodeFloat32(int[] shape, float[] data) {
    ByteBuffer b = start("<f4", shape, 4L * data.length);
    b.asFloatBuffer().put(data);
    return b.array();
  }

  /** A little-endian, C-order, version 1.0 float64 file. */
  public static byte[] encodeFloat64(int[] shape, double[] data) {
    ByteBuffer b = start("<f8", shape, 8L * data.length);
    b.asDoubleBuffer().put(data);
    return b.array();
  }

  /** A C-order, version 1.0 uint8 file. */
  public static byte[] encodeUint8(int[] shape, byte[] data) {
    ByteBuffer b = start("|u1", shape, data.length);
    b.put(data);
    return b.array();
  }

  /**
   * Writes magic, version and header (padded with spaces and a final newline so that the data
   * starts at a multiple of 64, as numpy does) and returns a little-endian buffer positioned at
   * the data.
   */
  static ByteBuffer start(String descr, int[] shape, long dataBytes) {
    return startHeader(
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + pythonTuple(shape)
            + ", }",
        dataBytes);
  }

  static ByteBuffer startHeader(String dict, long dataBytes) {
    byte[] dictBytes = dict.getBytes(StandardCharsets.ISO_8859_1);
    int unpadded = 10 + dictBytes.length + 1; // magic(6) version(2) length(2) dict '\n'
    int headerLen = dictBytes.length + 1 + (64 - unpadded % 64) % 64;
    ByteBuffer b =
        ByteBuffer.allocate(Math.toIntExact(10 + headerLen + dataBytes))
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen).put(dictBytes);
    for (int i = dictBytes.length; i < headerLen - 1; i++) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String pythonTuple(int[] shape) {
    StringBuilder t = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      t.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return t.append(shape.length == 1 ? ",)" : ")").toString();
  }
}
