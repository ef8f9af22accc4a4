package io.segeval.codec;

import java.nio.charset.StandardCharsets;

/**
 * The parsed header of an NPY file (format versions 1.0, 2.0 and 3.0).
 *
 * @param descr the dtype string as written, e.g. {@code "<f4"}
 * @param fortranOrder whether the data is in Fortran (column-major) order
 * @param shape the dimensions
 * @param dataOffset where the data starts in the file
 */
public record NpyHeader(String descr, boolean fortranOrder, long[] shape, int dataOffset) {

  /** What every NPY file starts with. */
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** Number of elements (product of the dimensions; may exceed int for a hostile header). */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Whether {@code bytes} start with the NPY magic {@code \x93NUMPY}. */
  static boolean startsWithMagic(byte[] bytes) {
    return MaskCodecs.startsWith(bytes, MAGIC);
  }

  /**
   * Reads and checks the header only: magic, version, then the header length (2 bytes in version
   * 1.0, 4 in 2.0 and 3.0, little-endian) and the dict of that many bytes (Latin-1, UTF-8 in 3.0).
   * Does not look at the data.
   */
  static NpyHeader parse(byte[] bytes) {
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
    NpyHeaderDict dict = NpyHeaderDict.parse(text);
    return new NpyHeader(dict.descr, dict.fortranOrder, dict.shape, start + (int) headerLen);
  }
}
