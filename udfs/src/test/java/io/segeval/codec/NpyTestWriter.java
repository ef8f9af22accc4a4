package io.segeval.codec;

import java.nio.ByteBuffer;

/**
 * Writes the float64 and uint8 NPY files tests need (tests only; the jobs' tests too); float32
 * files come from {@link NpyWriter#encodeFloat32}, which the demo datasets use.
 */
public final class NpyTestWriter {

  private NpyTestWriter() {}

  /** A little-endian, C-order, version 1.0 float64 file. */
  public static byte[] encodeFloat64(int[] shape, double[] data) {
    ByteBuffer b = NpyWriter.start("<f8", shape, 8L * data.length);
    b.asDoubleBuffer().put(data);
    return b.array();
  }

  /** A C-order, version 1.0 uint8 file. */
  public static byte[] encodeUint8(int[] shape, byte[] data) {
    ByteBuffer b = NpyWriter.start("|u1", shape, data.length);
    b.put(data);
    return b.array();
  }
}
