package io.segeval.codec;

/**
 * An input record (a file, a table row, an image pair) that SegEval cannot evaluate, with a reason
 * a person understands. The job either fails with the message or, with {@code --on-bad-record
 * skip}, reports the record under {@code rejected}; it never drops one silently.
 */
public class BadRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which input of an image pair the problem is in, when the thrower knows it. */
  public enum Side { PREDICTION, TARGET, UNKNOWN }

  private final Side side;

  public BadRecordException(String reason) {
    this(reason, Side.UNKNOWN);
  }

  public BadRecordException(String reason, Side side) {
    super(reason);
    this.side = side;
  }

  public BadRecordException(String reason, Throwable cause) {
    super(reason, cause);
    this.side = Side.UNKNOWN;
  }

  /** A bad value in the target (ground truth) of a pair, e.g. a label out of range. */
  public static BadRecordException inTarget(String reason) {
    return new BadRecordException(reason, Side.TARGET);
  }

  public Side side() {
    return side;
  }

  /** The reason alone, without the exception class name (what users see). */
  public String reason() {
    return getMessage();
  }
}
