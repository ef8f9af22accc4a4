package io.segeval.codec;

/**
 * A file or cell holding more values than {@code --max-pixels} lets SegEval read, with how many
 * ({@link #values}): a caller that knows what the rest of the pair holds can name the limit the
 * whole pair needs (a multiclass target's C×H×W scores, checked only once the target is read).
 */
public final class TooManyValuesException extends BadRecordException {
  private static final long serialVersionUID = 1L;

  private final long values;

  /** {@code values}: how many the file or cell holds, or -1 when no --max-pixels reads it ({@link #values}). */
  public TooManyValuesException(Reason reason, long values) {
    super(reason);
    this.values = values;
  }

  /**
   * The values the file or cell holds, which a --max-pixels of as many reads; -1 when none does
   * (more than one Java array holds, a dimension beyond an int, or a count beyond a long).
   */
  public long values() {
    return values;
  }
}
