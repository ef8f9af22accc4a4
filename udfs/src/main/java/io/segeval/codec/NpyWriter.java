package io.segeval.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes NPY files (version 1.0, C order) as numpy does, for the demo datasets; the tests' float64
 * and uint8 files are written by the test helper {@code NpyTestWriter} on top of {@link #start}.
 */
public final class NpyWriter {

  private NpyWriter() {}

  /** A little-endian, C-order, version 1.0 float32 file. */
  public static byte[] encodeFloat32(int[] shape, float[] data) {
    ByteBuffer b = start("<f4", shape, 4L * data.length);
    b.asFloatBuffer().put(data);
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
    b.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen).put(dictBytes);
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
