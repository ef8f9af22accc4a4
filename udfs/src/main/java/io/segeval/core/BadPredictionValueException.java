package io.segeval.core;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;

/**
 * A prediction value that a fused pass refuses (not finite, or a probability outside [0, 1]), with
 * the value itself: a caller that knows how the prediction was stored can tell why it is so. An
 * infinity read from a float16 file ({@link io.segeval.codec.NdArray#float16}) is one that
 * overflowed when it was saved: {@link #explained} says so.
 */
public class BadPredictionValueException extends BadRecordException {
  private static final long serialVersionUID = 1L;

  /** The cause and the fix of an infinity read from float16, whose largest finite value is ±65504 = ±(2 − 2^-10)·2^15. */
  public static final String FLOAT16_OVERFLOW_HINT = "; the prediction is saved as float16, which holds at most ±65504:"
      + " the logits overflowed when they were saved (save them as float32, or clip them to ±65504 before converting)";

  private final double value;

  public BadPredictionValueException(Reason reason, double value) {
    super(reason, Side.PREDICTION);
    this.value = value;
  }

  /** The refused value as decoded (NaN, ±Infinity, or a probability out of range). */
  public double value() {
    return value;
  }

  /**
   * {@code e} with {@link #FLOAT16_OVERFLOW_HINT} when it refuses an infinite prediction value and
   * the prediction was read from float16 ({@code float16}); else {@code e} as it is. NaN is no
   * overflow: it gets no hint.
   */
  public static BadRecordException explained(BadRecordException e, boolean float16) {
    if (float16 && e instanceof BadPredictionValueException bad && Double.isInfinite(bad.value)) {
      return new BadPredictionValueException(bad.why().then(FLOAT16_OVERFLOW_HINT), bad.value);
    }
    return e;
  }
}
