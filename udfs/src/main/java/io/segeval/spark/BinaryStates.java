package io.segeval.spark;

import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The stored form of a binary state ({@code seg_binary_state}): a small, versioned, big-endian
 * blob, readable by any later SegEval (like a DataSketches compact sketch), not Java serialization.
 * <pre>
 *   "SEGB" (4 bytes) | version = 1 (1 byte)
 *   9 × float64: smooth, threshold, tversky_alpha, tversky_beta, focal_alpha, focal_gamma,
 *                combo_alpha, combo_ce_ratio, combo_eps
 *   5 × int64:   n, tp, fp, fn, tn
 *   6 × float64: I = Σ p·t, P = Σ p, T = Σ t, B = Σ bce, F = Σ focal, W = Σ wce
 * </pre>
 * 165 bytes whatever the number of pixels. States merge only with states of equal parameters.
 */
public final class BinaryStates {
  private BinaryStates() {}

  private static final byte[] MAGIC = {'S', 'E', 'G', 'B'};
  private static final byte VERSION = 1;
  static final int SIZE = 4 + 1 + 9 * 8 + 5 * 8 + 6 * 8;

  public static byte[] toBytes(BinaryCounts c) {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.put(MAGIC).put(VERSION);
    // the nine parameters, in the record's order (the order fromBytes reads them in)
    BinaryParams p = c.params();
    b.putDouble(p.smooth()).putDouble(p.threshold()).putDouble(p.tverskyAlpha()).putDouble(p.tverskyBeta())
        .putDouble(p.focalAlpha()).putDouble(p.focalGamma()).putDouble(p.comboAlpha()).putDouble(p.comboCeRatio())
        .putDouble(p.comboEps());
    b.putLong(c.pixels()).putLong(c.tp()).putLong(c.fp()).putLong(c.fn()).putLong(c.tn());
    b.putDouble(c.intersection()).putDouble(c.predSum()).putDouble(c.targetSum())
        .putDouble(c.bceSum()).putDouble(c.focalSum()).putDouble(c.wceSum());
    return b.array();
  }

  /** The state of a blob; anything else is a {@link RefusedArgumentException} saying what it is not. */
  public static BinaryCounts fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      States.checkHeader(b, MAGIC, VERSION, "binary", "seg_binary_state");
      if (bytes.length != SIZE) {
        throw new RefusedArgumentException("a binary SegEval state has " + SIZE + " bytes, got " + bytes.length);
      }
      BinaryParams p = new BinaryParams(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
          b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
      long n = b.getLong();
      long tp = b.getLong();
      long fp = b.getLong();
      long fn = b.getLong();
      long tn = b.getLong();
      return BinaryCounts.of(p, n, b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
          b.getDouble(), tp, fp, fn, tn);
    } catch (BufferUnderflowException e) {
      throw new RefusedArgumentException("truncated binary SegEval state (" + bytes.length + " bytes)");
    }
  }
}
