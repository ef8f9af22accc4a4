package io.segeval.jobs.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The line that explains a bad command line: picocli's message, except that a bad value from the
 * {@code --config} file names the file and the key.
 */
final class UsageErrors {
  private UsageErrors() {}

  static String message(ParameterException e) {
    if (e.getArgSpec() instanceof OptionSpec option && e.getValue() != null) {
      String source = ConfigFileDefaults.fromTheFile(option);
      if (source != null && source.endsWith(" = '" + e.getValue() + "'")) {
        return source + " " + reason(e);
      }
    }
    return e.getMessage();
  }

  /** "is not an int" of picocli's "Invalid value for option '--num-classes': 'x' is not an int". */
  private static String reason(ParameterException e) {
    String quoted = "'" + e.getValue() + "' ";
    int at = e.getMessage().lastIndexOf(quoted);
    return at >= 0 ? e.getMessage().substring(at + quoted.length()) : "is not valid: " + e.getMessage();
  }
}
