package io.segeval.core;

import java.util.Locale;

/** What the prediction values hold (spec §1, §5 {@code --input}). */
public enum InputKind {
  /** Raw scores: binary p = sigmoid(x), multiclass p = softmax(x) over the channels. */
  LOGITS,
  /** Probabilities in [0, 1] (binary) or per-channel probabilities (multiclass). */
  PROBABILITIES,
  /** Hard labels: a class id per pixel; only the confusion-matrix metrics are computable. */
  LABELS;

  /** The name used on the command line and in {@code summary.json}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InputKind fromKey(String key) {
    for (InputKind k : values()) {
      if (k.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown input kind '" + key + "' (expected logits, probabilities or labels)");
  }
}
