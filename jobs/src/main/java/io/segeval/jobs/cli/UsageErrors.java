package io.segeval.jobs.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The line that explains a bad command line: picocli's message, except that a bad value from the
 * {@code --config} file names the file and the key, an unknown option that another command has
 * says so, a misspelt command gets picocli's suggestion and a misspelt option the close options
 * ({@link CloseNames}, as a misspelt {@code --config} key).
 */
final class UsageErrors {
  private UsageErrors() {}

  /** {@code args}: the whole command line, for an unknown option picocli reports after a missing one. */
  static String message(ParameterException e, String[] args) {
    if (e.getArgSpec() instanceof OptionSpec option && e.getValue() != null) {
      String source = ConfigFileDefaults.fromTheFile(option);
      if (source != null && source.endsWith(" = '" + e.getValue() + "'")) {
        return source + " " + plainType(reason(e));
      }
    }
    if (e instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option
        && option.paramLabel().contains(LIST_LABEL)) {
      return option.longestName() + " is given more than once; give it once, its values comma-separated ("
          + option.longestName() + " " + option.paramLabel() + ")";
    }
    UnmatchedArgumentException unmatched = e instanceof UnmatchedArgumentException u ? u
        : e instanceof MissingParameterException ? unknownOption(e.getCommandLine(), args) : null;
    return unmatched != null ? unmatched(unmatched, args) : plainType(e.getMessage());
  }

  /**
   * Picocli's Java type names in plain words, with what to write: "'5e7' is not a long" says
   * nothing to someone who wrote fifty million in a file.
   */
  private static String plainType(String message) {
    return message.replaceFirst("is not an? (int|long)$", "is not a whole number (digits only, e.g. 50000000)")
        .replaceFirst("is not an? (double|float)$", "is not a number (e.g. 0.85 or 1e-9)")
        .replaceFirst("is not a boolean$", "is neither true nor false");
  }

  /** The end of the label of an option that takes a comma-separated list in one value ({@code METRIC=MIN[,...]}). */
  private static final String LIST_LABEL = "[,...]";

  /**
   * The first option of {@code args} that {@code cmd} does not have, as picocli would report it:
   * picocli reports missing required options first ({@code pack --config f}: "Missing required
   * options"), though the unknown option is the mistake.
   */
  private static UnmatchedArgumentException unknownOption(CommandLine cmd, String[] args) {
    for (String arg : args == null ? new String[0] : args) {
      String name = optionName(arg);
      if (name.startsWith("--") && name.length() > 2 && cmd.getCommandSpec().findOption(name) == null) {
        return new UnmatchedArgumentException(cmd, List.of(arg));
      }
    }
    return null;
  }

  /** "is not an int" of picocli's "Invalid value for option '--num-classes': 'x' is not an int". */
  private static String reason(ParameterException e) {
    String quoted = "'" + e.getValue() + "' ";
    int at = e.getMessage().lastIndexOf(quoted);
    return at >= 0 ? e.getMessage().substring(at + quoted.length()) : "is not valid: " + e.getMessage();
  }

  private static String unmatched(UnmatchedArgumentException e, String[] allArgs) {
    CommandLine cmd = e.getCommandLine();
    List<String> args = e.getUnmatched();
    if (!cmd.getSubcommands().isEmpty() && !args.isEmpty() && !args.get(0).startsWith("-")) {
      return unknownCommand(cmd, args.get(0), e.getSuggestions());
    }
    String option = e.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst().orElse(null);
    if (option == null) {
      String extraValue = args.isEmpty() ? null : extraValue(cmd, args.get(0), allArgs);
      return extraValue != null ? extraValue : e.getMessage();
    }
    String name = optionName(option);
    String owner = otherCommandWith(cmd, name);
    if (owner != null) {
      return cmd.getCommandName() + " has no " + name + " option (it is an option of " + owner + ")";
    }
    List<String> suggestions = closeOptions(cmd, name);
    if (!suggestions.isEmpty()) {
      return "unknown option '" + name + "'; " + CloseNames.didYouMean(suggestions);
    }
    return e.getMessage();
  }

  /**
   * Why {@code arg}, a word no option takes, follows a value: {@code --pred /preds/ckpt_*} unquoted,
   * which the shell expands into several words ({@code --pred /preds/ckpt_10 /preds/ckpt_20}), or
   * a path with a space. Null unless an option with a value precedes it.
   */
  private static String extraValue(CommandLine cmd, String arg, String[] allArgs) {
    List<String> words = allArgs == null ? List.of() : List.of(allArgs);
    int at = words.lastIndexOf(arg);
    int optionAt = at - 1;
    while (optionAt >= 0 && !words.get(optionAt).startsWith("-")) {
      optionAt--;
    }
    OptionSpec option = optionAt < 0 ? null : cmd.getCommandSpec().findOption(optionName(words.get(optionAt)));
    if (option == null || option.arity().max() < 1 || words.get(optionAt).contains("=") || at - optionAt < 2) {
      return null;
    }
    String name = option.longestName();
    String what = "unexpected argument '" + arg + "' after " + name + " " + words.get(optionAt + 1) + ": " + name
        + " takes one value";
    return PRED.equals(name)
        ? what + " each time; was it a glob the shell expanded? Quote it (--pred '/preds/ckpt_*'), or give several"
            + " folders as --pred A --pred B or --pred A,B"
        : what + "; was it a path with spaces, or a glob the shell expanded? Quote it";
  }

  private static final String PRED = "--pred";

  /** {@code cmd}'s options close to the misspelt {@code name} ({@code --treshold}: {@code --threshold}). */
  private static List<String> closeOptions(CommandLine cmd, String name) {
    List<String> options = cmd.getCommandSpec().options().stream()
        .filter(o -> !o.hidden()).map(ConfigFileDefaults::key).toList();
    return CloseNames.to(ConfigFileDefaults.withoutDashes(name), options).stream().map(o -> "--" + o).toList();
  }

  /**
   * A misspelt command ({@code segeval evalute --pred ...}): picocli's suggestion is for the command,
   * whatever option follows it.
   */
  private static String unknownCommand(CommandLine cmd, String name, List<String> suggestions) {
    return "unknown command '" + name + "'; " + (suggestions.isEmpty()
        ? "the commands are " + String.join(", ", cmd.getSubcommands().keySet())
        : CloseNames.didYouMean(suggestions));
  }

  /** The option an argument names: {@code --threshold} of {@code --threshold=0.3}. */
  private static String optionName(String arg) {
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq);
  }

  /** Another subcommand of the same parent that has the option, or null. */
  private static String otherCommandWith(CommandLine cmd, String option) {
    CommandLine parent = cmd.getParent();
    if (parent == null) {
      return null;
    }
    for (CommandLine sibling : parent.getSubcommands().values()) {
      if (sibling != cmd && sibling.getCommandSpec().findOption(option) != null) {
        return sibling.getCommandName();
      }
    }
    return null;
  }
}
