package io.segeval.codec;

import java.nio.ByteOrder;

/**
 * The dtypes SegEval reads, each with its numpy name (for messages), its item size in bytes and
 * whether it holds integers (labels). {@link #of} maps a header's descr ({@code "<f4"}) to one,
 * {@link #byteOrderOf} reads its byte order.
 */
enum NpyDtype {
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

  NpyDtype(String label, int itemSize, boolean integral) {
    this.label = label;
    this.itemSize = itemSize;
    this.integral = integral;
  }

  /** The byte order {@code descr} names by its first character: '>' big-endian, '=' the machine's, else little. */
  static ByteOrder byteOrderOf(String descr) {
    return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
        : descr.charAt(0) == '=' ? ByteOrder.nativeOrder()
        : ByteOrder.LITTLE_ENDIAN; // '<', or '|' (single bytes: order does not matter)
  }

  /** The dtype of {@code descr}: an optional byte order, a kind and a size ("<f4", "|u1", "?"); refusals name why. */
  static NpyDtype of(String descr) {
    String t = descr;
    if (!t.isEmpty() && "<>|=".indexOf(t.charAt(0)) >= 0) {
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      throw new BadRecordException("NPY header has an empty dtype 'descr'");
    }
    char kind = t.charAt(0);
    String size = t.substring(1);
    refuseNonNumeric(kind, descr);
    NpyDtype d =
        switch (kind + size) {
          case "f2", "e" -> FLOAT16;
          case "f4", "f" -> FLOAT32;
          case "f8", "d" -> FLOAT64;
          case "i1", "b" -> INT8;
          case "u1", "B" -> UINT8;
          case "i2", "h" -> INT16;
          case "u2", "H" -> UINT16;
          case "i4", "i" -> INT32;
          case "u4", "I" -> UINT32;
          case "i8", "q" -> INT64;
          case "u8", "Q" -> UINT64;
          case "b1", "?" -> BOOL;
          default -> null;
        };
    if (d == null) {
      throw new BadRecordException(Reason.of(
          "unsupported dtype '{}' (SegEval reads float16/32/64, int8..int64, uint8..uint64 and bool)", descr));
    }
    return d;
  }

  /** Refuses the kinds that hold no numbers (objects, strings, complex, dates, raw bytes), each with its fix. */
  private static void refuseNonNumeric(char kind, String descr) {
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
  }
}
