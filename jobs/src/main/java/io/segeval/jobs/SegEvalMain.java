package io.segeval.jobs;

import io.segeval.jobs.cli.DemoCommand;
import io.segeval.jobs.cli.EvaluateCommand;
import io.segeval.jobs.cli.FailureHandler;
import io.segeval.jobs.cli.PackCommand;
import io.segeval.jobs.cli.SqlCommand;
import io.segeval.jobs.run.SparkSessions;
import java.io.PrintWriter;
import org.apache.spark.SparkUserAppException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code deploy/segeval} and of spark-submit: {@code segeval COMMAND [options]}. */
@Command(name = "segeval", mixinStandardHelpOptions = true, version = "SegEval " + SegEvalVersion.VERSION,
    description = "Exact dataset-wide segmentation losses and metrics on Apache Spark.",
    subcommands = {EvaluateCommand.class, PackCommand.class, SqlCommand.class, DemoCommand.class})
public final class SegEvalMain {

  public static void main(String[] args) throws SparkUserAppException {
    int code = run(args);
    // Stop Spark before exiting: otherwise the driver's RPC threads can log errors (requests
    // outstanding) while System.exit tears them down under spark-submit.
    SparkSessions.stopDefault();
    DriverExit.exit(code, System.getProperties());
  }

  /** Runs a command and returns its exit status (tests call this instead of main). */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs a command with the given output and error streams and returns its exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new SegEvalMain());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(new FailureHandler());
    cmd.setParameterExceptionHandler(FailureHandler::handleParameterException);
    cmd.setExitCodeExceptionMapper(FailureHandler::exitCode);
    // `segeval evaluate --version` (each command's help lists -V) prints the version too, not nothing
    for (CommandLine sub : cmd.getSubcommands().values()) {
      sub.getCommandSpec().version(cmd.getCommandSpec().version());
    }
    return cmd;
  }
}
