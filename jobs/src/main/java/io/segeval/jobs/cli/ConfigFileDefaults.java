package io.segeval.jobs.cli;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.PropertiesDefaultProvider;

/**
 * {@code --config FILE}: a Java properties file whose keys are option names without the dashes
 * ({@code tversky-alpha = 0.3}, {@code lovasz = both}). Precedence: command line, then the file,
 * then the built-in defaults (the same values as {@code conf/segeval.properties}). Unknown keys are
 * an error, so a typo never silently falls back to a default. Inputs are one choice: {@code --table}
 * on the command line replaces the file's {@code pred}/{@code target}, and the reverse.
 */
public final class ConfigFileDefaults {
  private ConfigFileDefaults() {}

  public static void install(CommandLine root, String[] args) {
    String file = configArgument(args);
    if (file == null || args.length == 0) {
      return;
    }
    CommandLine sub = root.getSubcommands().get(args[0]);
    if (sub == null) {
      return;
    }
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(new File(file).toPath(), StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("--config: cannot read " + file + ": " + e.getMessage());
    }
    Set<String> known = new TreeSet<>();
    for (OptionSpec o : sub.getCommandSpec().options()) {
      known.add(o.longestName().replaceFirst("^-+", ""));
    }
    for (String key : props.stringPropertyNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("--config " + file + ": unknown key '" + key + "' (keys are option names without dashes: " + known + ")");
      }
    }
    // the inputs are one choice: folders or tables given on the command line replace the file's
    if (given(args, "--table")) {
      props.remove("pred");
      props.remove("target");
    }
    if (given(args, "--pred") || given(args, "--target")) {
      props.remove("table");
    }
    sub.setDefaultValueProvider(new PropertiesDefaultProvider(props));
  }

  private static boolean given(String[] args, String option) {
    for (String a : args) {
      if (a.equals(option) || a.startsWith(option + "=")) {
        return true;
      }
    }
    return false;
  }

  private static String configArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith("--config=")) {
        return args[i].substring("--config=".length());
      }
    }
    return null;
  }
}
