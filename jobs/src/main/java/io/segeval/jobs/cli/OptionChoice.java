package io.segeval.jobs.cli;

import io.segeval.jobs.config.UsageException;
import java.util.Locale;

/** The value of an option that names one constant of an enum ({@code --task}, {@code --lovasz}, ...). */
final class OptionChoice {
  private OptionChoice() {}

  /**
   * The constant {@code value} names, case and surrounding spaces aside, '-' for '_' ({@code per-image}:
   * {@code PER_IMAGE}); else a usage error listing the accepted values.
   */
  static <E extends Enum<E>> E of(String option, String value, Class<E> type) {
    String wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    StringBuilder accepted = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
      accepted.append(accepted.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new UsageException(option + " must be one of " + accepted + ", got '" + value + "'");
  }
}
