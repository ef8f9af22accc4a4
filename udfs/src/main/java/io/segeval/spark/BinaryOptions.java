package io.segeval.spark;

import io.segeval.core.InputKind;
import io.segeval.core.KeyValueList;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryParams;
import java.io.Serializable;
import java.util.Map;

/**
 * The SQL option string of the binary functions: the {@link BinaryParams} keys plus
 * {@code input=logits|probabilities}, e.g. {@code "input=probabilities,tversky_alpha=0.3"}.
 */
public record BinaryOptions(InputKind input, BinaryParams params) implements Serializable {

  public static final BinaryOptions DEFAULTS = new BinaryOptions(InputKind.LOGITS, BinaryParams.DEFAULTS);

  /** The option that says the predictions are raw scores, for messages. */
  static final String LOGITS_OPTION = "input=logits";

  /**
   * Parses the option string over the defaults; blank means {@link #DEFAULTS}.
   *
   * @throws RefusedArgumentException for an unknown key, a value that is not a number or out of
   *     range, or {@code input=labels} (the binary functions need scores)
   */
  public static BinaryOptions parse(String options) {
    Map<String, String> values = KeyValueList.parse(options, BinaryParams.OPTION_NAME);
    String inputKey = values.remove("input");
    InputKind input = inputKey == null ? InputKind.LOGITS : InputKind.fromKey(inputKey);
    if (input == InputKind.LABELS) {
      throw new RefusedArgumentException("binary functions take input=logits or input=probabilities");
    }
    return new BinaryOptions(input, BinaryParams.of(values));
  }
}
