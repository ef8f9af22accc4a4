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
 *   "SEGB" (4 bytes) | version = 2 (1 byte)
 *   1 byte:      predictions, 0 scores (logits or probabilities), 1 labels ({@link BinaryPredictions})
 *   9 × float64: smooth, threshold, tversky_alpha, tversky_beta, focal_alpha, focal_gamma,
 *                combo_alpha, combo_ce_ratio, combo_eps
 *   5 × int64:   n, tp, fp, fn, tn
 *   6 × float64: I = Σ p·t, P = Σ p, T = Σ t, B = Σ bce, F = Σ focal, W = Σ wce
 * </pre>
 * 166 bytes whatever the number of pixels. Version 1 (165 bytes, before {@code input=labels}) is
 * the same without the predictions byte, and is read as a state of scores. States merge only with
 * states of equal parameters and predictions.
 */
public final class BinaryStates {
  private BinaryStates() {}

  private static final byte[] MAGIC = {'S', 'E', 'G', 'B'};
  private static final byte VERSION = 2;
  /** The version without the predictions byte: scores only. */
  private static final byte VERSION_OF_SCORES = 1;
  private static final int SUMS = 9 * 8 + 5 * 8 + 6 * 8;
  static final int SIZE = 4 + 1 + 1 + SUMS;
  private static final int SIZE_OF_SCORES = 4 + 1 + SUMS;

  public static byte[] toBytes(BinaryState state) {
    BinaryCounts c = state.counts();
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.put(MAGIC).put(VERSION).put(state.predictions().code());
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

  private static BinaryPredictions predictions(byte code) {
    BinaryPredictions p = BinaryPredictions.fromCode(code);
    if (p == null) {
      throw new RefusedArgumentException("not a binary SegEval state: unknown predictions byte " + code);
    }
    return p;
  }

  /** The state of a blob; anything else is a {@link RefusedArgumentException} saying what it is not. */
  public static BinaryState fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      byte version = States.checkHeader(b, MAGIC, "binary", "seg_binary_state", VERSION_OF_SCORES, VERSION);
      int size = version == VERSION ? SIZE : SIZE_OF_SCORES;
      if (bytes.length != size) {
        throw new RefusedArgumentException("a binary SegEval state of version " + version + " has " + size
            + " bytes, got " + bytes.length);
      }
      BinaryPredictions predictions = version == VERSION ? predictions(b.get()) : BinaryPredictions.SCORES;
      BinaryParams p = new BinaryParams(b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
          b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
      long n = b.getLong();
      long tp = b.getLong();
      long fp = b.getLong();
      long fn = b.getLong();
      long tn = b.getLong();
      return new BinaryState(BinaryCounts.of(p, n, b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
          b.getDouble(), b.getDouble(), tp, fp, fn, tn), predictions);
    } catch (BufferUnderflowException e) {
      throw new RefusedArgumentException("truncated binary SegEval state (" + bytes.length + " bytes)");
    }
  }
}
