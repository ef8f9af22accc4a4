package io.segeval.jobs.output;

import java.util.Locale;

/**
 * A column of {@code OUTPUT/per_image/}, implemented by an enum of the row class, in output order.
 * Its key is the constant's name in lower case ({@code FOCAL_LOSS}: {@code focal_loss}, the key of
 * spec §6 and {@code expected.json}); its value is the row bean's property of the same name in
 * camel case ({@code focalLoss}).
 */
public interface PerImageColumn {
  /** The enum constant's name. */
  String name();

  /** The output key: {@code focal_loss}. */
  default String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The row bean's property: {@code focalLoss}. */
  default String property() {
    StringBuilder camel = new StringBuilder();
    for (String word : key().split("_")) {
      camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return camel.toString();
  }
}
