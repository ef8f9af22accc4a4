package io.segeval.jobs.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line, {@code segeval: <reason>}, with the stack trace only under
 * {@code --verbose}, and maps it to the exit status of spec §5.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    cmd.getErr().println("segeval: " + Failures.message(e));
    if (Arrays.asList(parseResult.originalArgs().toArray(new String[0])).contains("--verbose")) {
      e.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return exitCode(e);
  }

  public static int exitCode(Throwable e) {
    return e instanceof CommandLine.ParameterException ? ExitCode.USAGE : Failures.exitCode(e);
  }

  /** A bad command line: the message and where to find the options, exit 2 (no usage dump). */
  public static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println("segeval: " + e.getMessage());
    cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
    cmd.getErr().flush();
    return ExitCode.USAGE;
  }
}
