package io.segeval.core;

import java.util.Locale;

/**
 * A value an option takes, implemented by an enum ({@code --task}, {@code --lovasz}, {@code --input},
 * ...). Its key, as the user writes it, is the constant's name in lower case with '-' for '_'
 * ({@code PER_IMAGE}: {@code per-image}).
 */
public interface OptionValue {
  /** The enum constant's name. */
  String name();

  /** The value as written on the command line and in configuration: {@code per-image}. */
  default String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
