package io.segeval.jobs.cli;

/** Exit statuses (spec §5): the contract schedulers read. */
public final class ExitCode {
  private ExitCode() {}

  public static final int OK = 0;
  /** Bad input or a failure while running. */
  public static final int FAILED = 1;
  /** A bad command line or configuration. */
  public static final int USAGE = 2;
  /** A quality gate failed (the results were written). */
  public static final int GATE = 3;
}
