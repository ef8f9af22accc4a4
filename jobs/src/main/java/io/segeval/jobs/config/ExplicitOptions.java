package io.segeval.jobs.config;

import java.util.Map;

/**
 * The options a user set explicitly: given on the command line, or set in the {@code --config}
 * file to a value other than the documented default ({@code conf/segeval.properties}, which users
 * copy whole: a default value there says nothing). {@link EvalConfig} refuses the other task's
 * options when set, and needs an explicit {@code --ignore-index} where the default is a class id.
 *
 * @param origins option name (e.g. {@code --threshold}) → where it was set, for messages: empty
 *     for the command line, else e.g. {@code threshold = 0.3 in --config nightly.properties}
 */
public record ExplicitOptions(Map<String, String> origins) {
  public static final ExplicitOptions NONE = new ExplicitOptions(Map.of());

  public ExplicitOptions {
    origins = Map.copyOf(origins);
  }

  public boolean contains(String option) {
    return origins.containsKey(option);
  }

  /** " (threshold = 0.3 in --config FILE)" for an option set in the file, "" otherwise. */
  String where(String option) {
    String origin = origins.getOrDefault(option, "");
    return origin.isEmpty() ? "" : " (" + origin + ")";
  }
}
