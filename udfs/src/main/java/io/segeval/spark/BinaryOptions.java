package io.segeval.spark;

import io.segeval.core.InputKind;
import io.segeval.core.KeyValueList;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryParam;
import io.segeval.core.binary.BinaryParams;
import java.io.Serializable;
import java.util.Map;

/**
 * The SQL option string of the binary functions: the {@link BinaryParams} keys plus
 * {@code input=logits|probabilities|labels}, e.g. {@code "input=probabilities,tversky_alpha=0.3"}.
 * {@code input=labels} reads the predictions as {@code segeval evaluate --input labels} does: hard
 * labels 0, 1 or 255 ({@link io.segeval.core.binary.BinaryLabels}), whose losses that need scores
 * are null ({@link BinaryPredictions}).
 */
public record BinaryOptions(InputKind input, BinaryParams params) implements Serializable {

  public static final BinaryOptions DEFAULTS = new BinaryOptions(InputKind.LOGITS, BinaryParams.DEFAULTS);

  /** The key of what the predictions hold. */
  static final String INPUT_KEY = "input";

  /** The option that says the predictions are raw scores, for messages. */
  static final String LOGITS_OPTION = "input=logits";

  /** The option that says the predictions are hard labels. */
  static final String LABELS_OPTION = "input=labels";

  /**
   * Parses the option string over the defaults; blank means {@link #DEFAULTS}.
   *
   * @throws RefusedArgumentException for an unknown key, or a value that is not a number or out of
   *     range
   */
  public static BinaryOptions parse(String options) {
    Map<String, String> values = KeyValueList.parse(options, BinaryParams.OPTION_NAME);
    String inputKey = values.remove(INPUT_KEY);
    for (String key : values.keySet()) {
      if (!BinaryParam.isKey(key)) { // input is a key too: the parameters' own refusal would not list it
        throw new RefusedArgumentException("unknown binary parameter '" + key + "' (expected " + INPUT_KEY
            + " or one of " + BinaryParam.keys() + ")");
      }
    }
    InputKind input = inputKey == null ? InputKind.LOGITS : InputKind.fromKey(inputKey);
    return new BinaryOptions(input, BinaryParams.of(values));
  }
}
