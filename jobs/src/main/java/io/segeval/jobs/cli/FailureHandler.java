package io.segeval.jobs.cli;

import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line, {@code segeval: <reason>}, with the stack trace only under
 * {@code --verbose}, and maps it to the exit status of spec §5.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
  /** What {@code --verbose} does, in every command's --help: it also keeps what {@link BadRecordLogFilter} drops. */
  static final String VERBOSE_HELP = "Print stack traces of failures, and keep the Spark log lines SegEval drops"
      + " (a failed task's repeat of a bad record, a heartbeat cut off by the end of the run).";

  private final BooleanSupplier shuttingDown;

  public FailureHandler() {
    this(FailureHandler::jvmShuttingDown);
  }

  FailureHandler(BooleanSupplier shuttingDown) {
    this.shuttingDown = shuttingDown;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    if (shuttingDown.getAsBoolean() && !verbose(cmd)) {
      // A TERM or Ctrl-C: Spark's shutdown hook stopped the context under the run, and what the run
      // throws then ("stopped SparkContext") is no reason of its own. The signal's status (143, 130)
      // is the exit status; the launcher and the scheduler say what stopped it.
      return exitCode(e);
    }
    cmd.getErr().println("segeval: " + Failures.message(e));
    if (verbose(cmd)) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return exitCode(e);
  }

  /** Whether the JVM runs its shutdown hooks (a signal, or System.exit elsewhere): no hook can be added then. */
  static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }

  /** {@code --verbose} as the command parsed it: from the command line, or its {@code --config} file. */
  static boolean verbose(CommandLine cmd) {
    OptionSpec verbose = cmd.getCommandSpec().findOption("--verbose");
    return verbose != null && Boolean.TRUE.equals(verbose.getValue());
  }

  public static int exitCode(Throwable e) {
    return e instanceof CommandLine.ParameterException ? ExitCode.USAGE : Failures.exitCode(e);
  }

  /** A bad command line: the message and where to find the options, exit 2 (no usage dump). */
  public static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println("segeval: " + UsageErrors.message(e, args));
    cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    cmd.getErr().flush();
    return ExitCode.USAGE;
  }
}
