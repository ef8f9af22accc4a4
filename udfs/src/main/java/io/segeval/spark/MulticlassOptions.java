package io.segeval.spark;

import io.segeval.core.InputKind;
import io.segeval.core.KeyValueList;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.multiclass.MulticlassParams;
import java.io.Serializable;
import java.util.Map;

/**
 * The SQL option string of the multiclass functions: {@code ignore_index=N}, {@code smooth=S},
 * {@code input=logits|probabilities|labels}, e.g. {@code "ignore_index=-1,input=probabilities"}.
 * Blank means {@link #DEFAULTS}: {@link MulticlassParams#DEFAULT_IGNORE_INDEX},
 * {@link MulticlassParams#DEFAULT_SMOOTH}, logits. With {@code input=labels} the prediction array holds
 * one class id per pixel instead of C scores.
 */
public record MulticlassOptions(int ignoreIndex, double smooth, InputKind input) implements Serializable {

  public static final MulticlassOptions DEFAULTS = new MulticlassOptions(
      MulticlassParams.DEFAULT_IGNORE_INDEX, MulticlassParams.DEFAULT_SMOOTH, InputKind.LOGITS);

  /** What the option string is called in messages. */
  static final String OPTION_NAME = "multiclass options";

  /** The key of the ignore index, the one whole-number option. */
  static final String IGNORE_INDEX_KEY = "ignore_index";

  /**
   * Parses the option string over the defaults; blank means {@link #DEFAULTS}.
   *
   * @throws RefusedArgumentException for an unknown key or a value that is not a number (the
   *     values' ranges are checked by {@link #params})
   */
  public static MulticlassOptions parse(String options) {
    MulticlassOptions o = DEFAULTS;
    for (Map.Entry<String, String> e : KeyValueList.parse(options, OPTION_NAME).entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      try {
        o = switch (key) {
          case IGNORE_INDEX_KEY -> new MulticlassOptions(Integer.parseInt(value), o.smooth, o.input);
          case "smooth" -> new MulticlassOptions(o.ignoreIndex, Double.parseDouble(value), o.input);
          case "input" -> new MulticlassOptions(o.ignoreIndex, o.smooth, InputKind.fromKey(value));
          default -> throw new RefusedArgumentException("unknown multiclass option '" + key
              + "' (expected ignore_index, smooth or input)");
        };
      } catch (NumberFormatException x) {
        // 2.5 is a number, but no ignore index: say what ignore_index takes
        throw new RefusedArgumentException(key + " must be " + (key.equals(IGNORE_INDEX_KEY) ? "an integer" : "a number")
            + ", got '" + value + "'");
      }
    }
    return o;
  }

  /** The engine's parameters for C = {@code numClasses}; refuses values out of range. */
  public MulticlassParams params(int numClasses) {
    return new MulticlassParams(numClasses, ignoreIndex, smooth, input);
  }
}
