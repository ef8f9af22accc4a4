package io.segeval.core;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.BadRecordException.Side;
import io.segeval.codec.Reason;

/**
 * A null element in a prediction or target array: array columns (Parquet's, most tables') may
 * hold nulls, an image may not. The record is refused with the element's position, as the other
 * bad values are ({@code null prediction value at (row 0, col 1)}), by the SQL functions and by
 * {@code evaluate --table} alike.
 */
public final class NullValues {
  private NullValues() {}

  /** The refusal of a null element of {@code side}'s array at {@code position}. */
  public static BadRecordException at(Side side, Reason position) {
    Reason what = Reason.constant(side == Side.TARGET ? "target" : "prediction");
    return new BadRecordException(Reason.of("null {} value at {}", what, position), side);
  }

  /** The same for the flat index of an array of shape (H, W) or (C, H, W). */
  public static BadRecordException at(Side side, long index, int[] shape) {
    return at(side, PixelPosition.inShape(index, shape));
  }
}
