package io.segeval.core;

import java.util.Locale;

/** What the prediction values hold (spec §1, §5 {@code --input}); its key is also the one in {@code summary.json}. */
public enum InputKind implements OptionValue {
  /** Raw scores: binary p = sigmoid(x), multiclass p = softmax(x) over the channels. */
  LOGITS(0),
  /** Probabilities in [0, 1] (binary) or per-channel probabilities (multiclass). */
  PROBABILITIES(1),
  /** Hard labels: a class id per pixel; only the confusion-matrix metrics are computable. */
  LABELS(2);

  private final byte code;

  InputKind(int code) {
    this.code = (byte) code;
  }

  /** The kind's byte in stored states: fixed, whatever the order of the constants here. */
  public byte code() {
    return code;
  }

  /** The kind of a stored byte, or null when no kind has it. */
  public static InputKind fromCode(byte code) {
    for (InputKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }

  /**
   * The kind named by {@code key} ({@link #key()}, case and surrounding spaces ignored).
   *
   * @throws RefusedArgumentException for any other name
   */
  public static InputKind fromKey(String key) {
    String wanted = key.trim().toLowerCase(Locale.ROOT);
    for (InputKind k : values()) {
      if (k.key().equals(wanted)) {
        return k;
      }
    }
    throw new RefusedArgumentException(
        "unknown input kind '" + key + "' (expected logits, probabilities or labels)");
  }
}
