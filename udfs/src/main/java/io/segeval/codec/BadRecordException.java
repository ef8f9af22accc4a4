package io.segeval.codec;

/**
 * An input record (a file, a table row, an image pair) that SegEval cannot evaluate, with a reason
 * a person understands. The job either fails with the message or, with {@code --on-bad-record
 * skip}, reports the record under {@code rejected}; it never drops one silently.
 */
public class BadRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRecordException(String reason) {
    super(reason);
  }

  public BadRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The reason alone, without the exception class name (what users see). */
  public String reason() {
    return getMessage();
  }
}
