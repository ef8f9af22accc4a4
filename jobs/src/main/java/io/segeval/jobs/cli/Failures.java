package io.segeval.jobs.cli;

import io.segeval.codec.BadRecordException;
import io.segeval.core.RefusedArgumentException;
import io.segeval.jobs.MessageText;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.input.FileSystemSupport;
import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.InputReadException;
import io.segeval.jobs.output.HistoryAppendException;
import io.segeval.jobs.output.HistoryTaskConflictException;
import io.segeval.jobs.output.NonFiniteResultException;
import io.segeval.jobs.output.OutputDir;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.SparkThrowable;

/**
 * Turns what went wrong into one line for the user and an exit status: 2 for a
 * {@link UsageException}, wherever it is in the cause chain, 1 for anything else. Spark wraps task
 * failures (a bad record or a SQL function's refusal found on an executor) in its own exceptions;
 * their message is found in the cause chain, or in Spark's message when the cause did not travel
 * back to the driver. The types decide, never where an exception was thrown from.
 */
final class Failures {
  private Failures() {}

  /**
   * "…ImageRecordException: ", "…BadRecordException: ", "…RefusedArgumentException: " or
   * "…ImageOutOfMemoryException: " and the message, in Spark's text of a task failure: a bad record
   * (or refusal, or a task out of heap) SegEval reports itself.
   */
  static final Pattern BAD_RECORD_TEXT = textOf(ImageRecordException.class, BadRecordException.class,
      RefusedArgumentException.class, ImageOutOfMemoryException.class);

  /**
   * The same and "…InputReadException: " (a read failure, which Spark logs as it retries the task:
   * not dropped from the log, see {@link BadRecordLogFilter}).
   */
  static final Pattern REPORTED_TEXT = textOf(ImageRecordException.class, InputReadException.class,
      BadRecordException.class, RefusedArgumentException.class, ImageOutOfMemoryException.class);

  /**
   * Spark's errors whose first line is the reason and whose next line is the fix, e.g. "Executor
   * memory 314572800 must be at least 471859200." then "Please increase executor memory using the
   * --executor-memory option or "spark.executor.memory" in Spark configuration.": the one line keeps
   * both. (io.segeval.jobs.run.SparkSetup refuses both memories before Spark starts; this keeps the fix
   * where Spark's check differs from it.)
   */
  private static final Set<String> CONDITIONS_WITH_A_FIX = Set.of("INVALID_EXECUTOR_MEMORY", "INVALID_DRIVER_MEMORY");

  /** "<class name>: <message>" of any of {@code types}; group 2 is the message's first line. */
  private static Pattern textOf(Class<?>... types) {
    return Pattern.compile("(" + Arrays.stream(types).map(t -> Pattern.quote(t.getName()))
        .collect(Collectors.joining("|")) + "): ([^\\n]*)");
  }

  static int exitCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UsageException) {
        return ExitCode.USAGE;
      }
    }
    return ExitCode.FAILED;
  }

  static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UsageException || t instanceof BadRecordException || t instanceof InputReadException
          || t instanceof OutputDir.OutputExistsException || t instanceof NonFiniteResultException
          || t instanceof FileSystemSupport.MissingFileSystemException || t instanceof HistoryTaskConflictException
          || t instanceof HistoryAppendException || t instanceof ImageOutOfMemoryException) {
        return t.getMessage();
      }
      if (t instanceof RefusedArgumentException && t.getMessage() != null) {
        return MessageText.firstLine(t.getMessage()); // e.g. a SQL function's refusal, inside Spark's job failure
      }
      if (t instanceof UnsupportedOperationException && String.valueOf(t.getMessage()).contains("getSubject")) {
        return unsupportedJava(Runtime.version().feature());
      }
      if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("stopped SparkContext")) {
        // Spark gave up on its cluster (e.g. "All masters are unresponsive") and stopped under the job
        return "Spark stopped before the job could run: its master could not be reached, or the application was"
            + " killed (Spark's log above says which)";
      }
    }
    String text = String.valueOf(e.getMessage());
    Matcher m = REPORTED_TEXT.matcher(text);
    if (m.find()) {
      return m.group(2);
    }
    String spark = sparkReason(e);
    if (spark != null) {
      return spark;
    }
    return e.getClass().getSimpleName() + ": " + MessageText.firstLine(text);
  }

  /**
   * The message of the deepest Spark error with an error condition in the chain, e.g.
   * "[FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER] Encountered error while reading file ...": the
   * reason, where the outer ones only say that a job or a wait failed.
   */
  private static String sparkReason(Throwable e) {
    String reason = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st && st.getCondition() != null && t.getMessage() != null) {
        reason = CONDITIONS_WITH_A_FIX.contains(st.getCondition()) ? reasonAndFix(t.getMessage())
            : MessageText.firstLine(t.getMessage());
      }
    }
    return reason == null || reason.isEmpty() ? null : reason;
  }

  /** The message's lines joined into one, without Spark's trailing "SQLSTATE: …". */
  static String reasonAndFix(String message) {
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining(" "))
        .replaceFirst("\\s*SQLSTATE: \\w+$", "");
  }

  /**
   * Hadoop's client (3.4, the one Spark 4.1 ships) asks for the caller's {@code Subject} through
   * {@code Subject.getSubject}, which Java 23 refuses unless the JVM allows a security manager, and
   * Java 24 and later always: say so instead of the bare refusal.
   */
  static String unsupportedJava(int feature) {
    return "this is Java " + feature + ", and the Hadoop client that Spark 4.1 ships does not run on"
        + " Java 23 or later (Subject.getSubject is not supported); run SegEval on Java 17 or 21"
        + " (set JAVA_HOME)";
  }
}
