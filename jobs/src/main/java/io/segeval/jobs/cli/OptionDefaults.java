package io.segeval.jobs.cli;

import picocli.CommandLine.Model.OptionSpec;

/** Whether an option holds its documented default: the annotation's value, or none. */
final class OptionDefaults {
  private OptionDefaults() {}

  /** Numbers compare by value ({@code focal-gamma = 2.0} is the default 2); no default: unset or false. */
  static boolean atDefault(OptionSpec o) {
    Object value = o.getValue();
    String documented = o.defaultValue();
    if (documented == null) {
      return value == null || Boolean.FALSE.equals(value);
    }
    if (value instanceof Double d) {
      return d == Double.parseDouble(documented);
    }
    if (value instanceof Number n) {
      return n.longValue() == Long.parseLong(documented);
    }
    return documented.equals(String.valueOf(value));
  }
}
