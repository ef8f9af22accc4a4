package io.segeval.jobs.run;

import java.lang.management.ManagementFactory;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.logging.log4j.LogManager;

/**
 * HotSpot compiler directives for the launcher's JVM: {@code deploy/segeval} names a file of them
 * in the system property {@value #PROPERTY} ({@code deploy/launcher-compiler-directives.json}),
 * and {@link #addNamed}, called before the Spark session starts, gives them to this JVM as {@code
 * jcmd PID Compiler.directives_add FILE} would, through the DiagnosticCommand MBean. Not the JVM
 * option {@code -XX:CompilerDirectivesFile}: it is a diagnostic option, and prints "1 compiler
 * directives added" on standard output.
 *
 * <p>The directives only tune the JIT (which code C2 compiles), never a result: a JVM without the
 * command, or a file it refuses, is one warning and the run goes on.
 */
public final class CompilerDirectives {
  /** The system property naming the file; not set (spark-submit, tests): nothing is added. */
  public static final String PROPERTY = "segeval.compilerDirectives";

  /** What the command answers when it took the file: "2 compiler directives added". */
  private static final Pattern ADDED = Pattern.compile("\\d+ compiler directives added\\s*");

  private static boolean done;

  private CompilerDirectives() {}

  /** Adds the directives of the file {@value #PROPERTY} names, if it names one; once a JVM. */
  public static synchronized void addNamed() {
    String file = System.getProperty(PROPERTY, "");
    if (!done && !file.isBlank()) {
      add(file);
      done = true;
    }
  }

  /** Adds the directives of {@code file}; false (and a warning) when the JVM did not take them. */
  static boolean add(String file) {
    String answer;
    try {
      answer = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
          new Object[] {new String[] {quoted(file)}}, new String[] {String[].class.getName()}));
    } catch (JMException | RuntimeException e) {
      warn("compiler directives {} not added (this JVM has no Compiler.directives_add: {}); the run goes on",
          file, e.toString());
      return false;
    }
    if (!ADDED.matcher(answer).matches()) {
      warn("compiler directives {} not added: {}; the run goes on", file, answer.strip().replace('\n', ' '));
      return false;
    }
    return true;
  }

  /** The file as one argument of the command, which splits its arguments at spaces unless quoted. */
  static String quoted(String file) {
    return file.indexOf('"') < 0 ? '"' + file + '"' : "'" + file + "'";
  }

  private static void warn(String message, String file, String why) {
    LogManager.getLogger(CompilerDirectives.class).warn(message, file, why);
  }
}
