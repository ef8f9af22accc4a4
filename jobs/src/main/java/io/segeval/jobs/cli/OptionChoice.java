package io.segeval.jobs.cli;

import io.segeval.core.OptionValue;
import io.segeval.jobs.config.UsageException;
import java.util.Locale;

/** The value of an option that names one constant of an {@link OptionValue} enum ({@code --task}, {@code --lovasz}, ...). */
final class OptionChoice {
  private OptionChoice() {}

  /**
   * The constant whose key {@code value} is, case and surrounding spaces aside, '-' and '_' alike
   * ({@code per-image}, {@code PER_IMAGE}: {@code PER_IMAGE}); else a usage error listing the keys.
   */
  static <E extends Enum<E> & OptionValue> E of(String option, String value, Class<E> type) {
    String wanted = folded(value);
    StringBuilder accepted = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (folded(e.key()).equals(wanted)) {
        return e;
      }
      accepted.append(accepted.length() == 0 ? "" : ", ").append(e.key());
    }
    throw new UsageException(option + " must be one of " + accepted + ", got '" + value + "'");
  }

  /** A key or value as compared: trimmed, upper case, '_' for '-' (a default key's fold is its constant's name). */
  private static String folded(String keyOrValue) {
    return keyOrValue.trim().toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
