package io.segeval.codec;

/** The value buffers that decoders and per-partition readers reuse from one image to the next. */
public final class ReusedBuffer {
  private ReusedBuffer() {}

  /**
   * {@code buffer} when it holds at least {@code length} values (its contents are left as they are),
   * else a new array of exactly {@code length}; a null {@code buffer} (nothing to reuse) gets a new one.
   */
  public static double[] atLeast(double[] buffer, int length) {
    return buffer != null && buffer.length >= length ? buffer : new double[length];
  }
}
