package io.segeval.codec;

/**
 * An input record (a file, a table row, an image pair) that SegEval cannot evaluate, with a reason
 * a person understands. The job either fails with the message or, with {@code --on-bad-record
 * skip}, reports the record under {@code rejected}; it never drops one silently.
 *
 * <p>The reason is a {@link Reason}: its text, and its class (the text with the record's own
 * values as #) under which skipped records are counted. A reason given as a plain string is a
 * constant (the same for every record); one with values is built with {@link Reason#of}.
 */
public class BadRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which input of an image pair the problem is in, when the thrower knows it. */
  public enum Side { PREDICTION, TARGET, UNKNOWN }

  private final Reason reason;
  private final Side side;

  /** A bad record whose reason holds no per-record value. */
  public BadRecordException(String constantReason) {
    this(Reason.constant(constantReason));
  }

  public BadRecordException(Reason reason) {
    this(reason, Side.UNKNOWN);
  }

  public BadRecordException(Reason reason, Side side) {
    this(reason.text(), reason, side, null);
  }

  public BadRecordException(Reason reason, Throwable cause) {
    this(reason, Side.UNKNOWN, cause);
  }

  public BadRecordException(Reason reason, Side side, Throwable cause) {
    this(reason.text(), reason, side, cause);
  }

  /** {@code message}: the reason with context, e.g. which image (see {@code ImageRecordException}). */
  protected BadRecordException(String message, Reason reason, Side side, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.side = side;
  }

  /** A bad value in the target (ground truth) of a pair, e.g. a label out of range. */
  public static BadRecordException inTarget(Reason reason) {
    return new BadRecordException(reason, Side.TARGET);
  }

  public Side side() {
    return side;
  }

  /** The reason alone, without the exception class name (what users see). */
  public String reason() {
    return reason.text();
  }

  /** The reason's class: its text with the record's own values as # (see {@link Reason}). */
  public String reasonClass() {
    return reason.kind();
  }

  /** The reason, text and class, to carry into another exception or a rejected row. */
  public Reason why() {
    return reason;
  }
}
