package io.segeval.jobs.config;

/**
 * The command line or the configuration is wrong (exit status 2): an option's value, or one that
 * does not fit the inputs (a table column that does not exist, an OUTPUT inside an input), found
 * before any work. Its message, one line naming the option, is what the user reads. The type alone
 * decides the exit status, wherever the exception is wrapped: an {@link IllegalArgumentException}
 * of another type is a failure (exit 1). It is one itself, so that callers catching argument errors
 * (e.g. {@code EvaluateCommand.toConfig}) catch it too.
 */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
