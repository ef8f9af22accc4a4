package io.segeval.spark;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryParams;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL option string of the binary functions: the {@link BinaryParams} keys plus
 * {@code input=logits|probabilities}, e.g. {@code "input=probabilities,tversky_alpha=0.3"}.
 */
public record BinaryOptions(InputKind input, BinaryParams params) implements Serializable {

  public static final BinaryOptions DEFAULTS = new BinaryOptions(InputKind.LOGITS, BinaryParams.DEFAULTS);

  /** The option that says the predictions are raw scores, for messages. */
  static final String LOGITS = "input=logits";

  public static BinaryOptions parse(String options) {
    if (options == null || options.isBlank()) {
      return DEFAULTS;
    }
    InputKind input = InputKind.LOGITS;
    List<String> rest = new ArrayList<>();
    for (String part : options.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals("input")) {
        input = InputKind.fromKey(kv[1]);
        if (input == InputKind.LABELS) {
          throw new IllegalArgumentException("binary functions take input=logits or input=probabilities");
        }
      } else {
        rest.add(part);
      }
    }
    return new BinaryOptions(input, BinaryParams.parse(String.join(",", rest)));
  }
}
