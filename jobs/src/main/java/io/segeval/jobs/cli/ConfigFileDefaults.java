package io.segeval.jobs.cli;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * then the built-in defaults (the same values as {@code conf/segeval.properties}). Unknown keys are
 * an error, so a typo never silently falls back to a default. Inputs are one choice: {@code --table}
 * on the command line replaces the file's {@code pred}/{@code target}, and the reverse.
 *
 * <p>The command's default value provider: picocli parses the command line first, then asks it for
 * each option the command line did not give. So the command line wins by construction, and
 * {@code --config} and the inputs given are known from the parse; a null answer leaves the
 * option's own default.
 */
public final class ConfigFileDefaults implements IDefaultValueProvider {
  /** The file read for the current parse, and its values. */
  private String file;
  private Properties values;

  @Override
  public String defaultValue(ArgSpec arg) {
    CommandSpec command = arg.command();
    OptionSpec config = command.findOption("--config");
    String configFile = config == null ? null : config.getValue();
    if (configFile == null || !(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = key(option);
    return replacedByTheCommandLine(command, key) ? null : values(command, configFile).getProperty(key);
  }

  /** The inputs are one choice: folders or tables given on the command line replace the file's. */
  private static boolean replacedByTheCommandLine(CommandSpec command, String key) {
    return switch (key) {
      case "pred", "target" -> given(command, "--table");
      case "table" -> given(command, "--pred") || given(command, "--target");
      default -> false;
    };
  }

  private static boolean given(CommandSpec command, String option) {
    return !command.findOption(option).originalStringValues().isEmpty();
  }

  private static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  /** The file's values, read once; an unreadable file or an unknown key is a bad command line. */
  private Properties values(CommandSpec command, String configFile) {
    if (configFile.equals(file)) {
      return values;
    }
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(new File(configFile).toPath(), StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (IOException e) {
      throw new ParameterException(command.commandLine(), "--config: cannot read " + configFile + ": " + e.getMessage());
    }
    Set<String> known = new TreeSet<>();
    for (OptionSpec o : command.options()) {
      known.add(key(o));
    }
    for (String k : props.stringPropertyNames()) {
      if (!known.contains(k)) {
        throw new ParameterException(command.commandLine(), "--config " + configFile + ": unknown key '" + k
            + "' (keys are option names without dashes: " + known + ")");
      }
    }
    file = configFile;
    values = props;
    return props;
  }
}
