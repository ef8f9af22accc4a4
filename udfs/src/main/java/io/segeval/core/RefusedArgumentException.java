package io.segeval.core;

/**
 * An argument SegEval refuses, with a message written for whoever gave it: a SQL function's array,
 * option string or state, an engine parameter. Still an {@link IllegalArgumentException}; the type
 * lets a caller tell it from one thrown by a library or by Spark, e.g. to show its message alone
 * when Spark wraps it in a task failure. Checks of SegEval's own invariants throw the plain type.
 */
public final class RefusedArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public RefusedArgumentException(String message) {
    super(message);
  }

  /** A refusal restated with more context, e.g. the SQL function that made it. */
  public RefusedArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
