package io.segeval.jobs.cli;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --config FILE}: a Java properties file whose keys are option names without the dashes
 * ({@code tversky-alpha = 0.3}, {@code lovasz = both}). Precedence: command line, then the file,
 * then the built-in defaults (the same values as {@code conf/segeval.properties}). Values are
 * trimmed (a properties file keeps trailing spaces). Unknown keys are an error, so a typo never
 * silently falls back to a default; {@code help}, {@code version} and {@code config} are no keys.
 * Options that are one choice ({@link #ONE_CHOICE}: the folders or the tables, the class names or
 * their file): one given on the command line replaces the file's value of the other as well as
 * its own, e.g. {@code --table} on the command line replaces the file's {@code pred}/{@code target}
 * ({@code --pred} the file's {@code table} and {@code where}), and {@code --class-names-file} its
 * {@code class-names}.
 *
 * <p>The command's default value provider: picocli parses the command line first, then asks it for
 * each option the command line did not give. So the command line wins by construction, and
 * {@code --config} and the options given are known from the parse; a null answer leaves the
 * option's own default. A bad value from the file is reported naming the file and the key
 * ({@link #fromTheFile}), not as if it had been typed on the command line.
 */
public final class ConfigFileDefaults implements IDefaultValueProvider {
  /** The standard options, which a file does not set. */
  private static final Set<String> NOT_KEYS = Set.of("help", "version", "config");

  /**
   * Keys that are one choice with other keys: either side given on the command line replaces the
   * file's other side. {@code followers} go with the {@code other} side: the {@code one} side given
   * on the command line replaces them too, but given themselves they replace nothing.
   */
  private record Alternatives(Set<String> one, Set<String> other, Set<String> followers) {
    /** The options that, given on the command line, replace the file's value of {@code key}. */
    Set<String> replacersOf(String key) {
      return one.contains(key) ? other : other.contains(key) || followers.contains(key) ? one : Set.of();
    }
  }

  /**
   * The inputs (folders, or tables and their row filter) and the class names (a list or a file).
   * {@code where} follows the tables: {@code --pred} on the command line replaces the file's
   * {@code where} as its {@code table}, but {@code --where} (or {@code --where=}, which removes the
   * file's) keeps the file's folders, with which a non-empty one is then refused.
   */
  private static final List<Alternatives> ONE_CHOICE = List.of(
      new Alternatives(Set.of("pred", "target"), Set.of("table"), Set.of("where")),
      new Alternatives(Set.of("class-names"), Set.of("class-names-file"), Set.of()));

  /** The file read for the current parse, and its values. */
  private String file;
  private Properties values;

  @Override
  public String defaultValue(ArgSpec arg) {
    return arg instanceof OptionSpec option ? fileValue(option) : null;
  }

  /** The file's value of an option the command line left to it, or null. */
  private String fileValue(OptionSpec option) {
    CommandSpec command = option.command();
    String configFile = configFile(command);
    if (configFile == null || givenOnTheCommandLine(option)) {
      return null;
    }
    String key = key(option);
    return replacedByTheCommandLine(command, key) ? null : values(command, configFile).getProperty(key);
  }

  /** Whether the command line gave an option that is one choice with {@code key} (its file value then gives way). */
  private static boolean replacedByTheCommandLine(CommandSpec command, String key) {
    for (Alternatives a : ONE_CHOICE) {
      for (String other : a.replacersOf(key)) {
        OptionSpec o = command.findOption(other);
        if (o != null && givenOnTheCommandLine(o)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String configFile(CommandSpec command) {
    OptionSpec config = command.findOption("--config");
    return config == null ? null : config.getValue();
  }

  private static boolean givenOnTheCommandLine(OptionSpec option) {
    return !option.originalStringValues().isEmpty();
  }

  /** The option's key in a {@code --config} file: its longest name without the dashes ({@code tversky-alpha}). */
  static String key(OptionSpec option) {
    return withoutDashes(option.longestName());
  }

  /** {@code --tversky-alpha} as {@code tversky-alpha}. */
  static String withoutDashes(String optionName) {
    return optionName.replaceFirst("^-+", "");
  }

  /**
   * Where {@code option}'s value came from, when it came from the {@code --config} file:
   * {@code "FILE: key = 'value'"}; null when it came from the command line or a default.
   */
  static String fromTheFile(OptionSpec option) {
    if (!(option.command().defaultValueProvider() instanceof ConfigFileDefaults provider)) {
      return null;
    }
    String value;
    try {
      value = provider.fileValue(option);
    } catch (ParameterException e) {
      return null; // the file itself is the problem, and the message says so
    }
    return value == null ? null : configFile(option.command()) + ": " + key(option) + " = '" + value + "'";
  }

  /**
   * A message about the option it starts with ({@code "--smooth must be ..."}), told where the
   * value came from when that was the {@code --config} file.
   */
  static String withSource(CommandSpec command, String message) {
    String first = message.split("[ :,]", 2)[0];
    OptionSpec option = first.startsWith("--") ? command.findOption(first) : null;
    String source = option == null ? null : fromTheFile(option);
    // a message that names the file already (an option of the other task) needs no second source
    return source == null || message.contains(configFile(command)) ? message : message + " (" + source + ")";
  }

  /** The file's values, read once and trimmed; an unreadable file or an unknown key is a bad command line. */
  private Properties values(CommandSpec command, String configFile) {
    if (configFile.equals(file)) {
      return values;
    }
    Properties raw = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(configFile), StandardCharsets.UTF_8)) {
      raw.load(r);
    } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: a malformed unicode escape
      throw new ParameterException(command.commandLine(), "cannot read the --config file " + configFile + ": "
          + why(e, configFile));
    }
    Set<String> known = new TreeSet<>();
    for (OptionSpec o : command.options()) {
      known.add(key(o));
    }
    known.removeAll(NOT_KEYS);
    Properties props = new Properties();
    for (String k : raw.stringPropertyNames()) {
      if (!known.contains(k)) {
        // a standard option is not misspelt: it is not a key
        List<String> close = NOT_KEYS.contains(k) ? List.of() : CloseNames.to(k, known);
        throw new ParameterException(command.commandLine(), "--config " + configFile + ": unknown key '" + k + "'"
            + (close.isEmpty() ? "" : "; " + CloseNames.didYouMean(close))
            + " (keys are option names without dashes: " + known + ")");
      }
      props.setProperty(k, raw.getProperty(k).strip());
    }
    file = configFile;
    values = props;
    return props;
  }

  private static String why(Exception e, String configFile) {
    if (new File(configFile).isDirectory()) {
      return "a folder, not a file";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
