package io.segeval.spark;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryMetric;

/**
 * What the predictions of a binary SQL state were. Scores (logits or probabilities, which may mix
 * between the rows of one aggregate: each row is read as its own {@code input} says) give every
 * metric; hard labels ({@code input=labels}) give none of the losses that need scores, as
 * {@code segeval evaluate --input labels} ({@link BinaryMetric#computableFrom}). So states of
 * labels and of scores do not merge.
 */
public enum BinaryPredictions {
  /** Logits or probabilities. */
  SCORES(0, "scores (logits or probabilities)"),
  /** Hard labels 0, 1 or 255. */
  LABELS(1, "labels (input=labels)");

  private final byte code;
  private final String described;

  BinaryPredictions(int code, String described) {
    this.code = (byte) code;
    this.described = described;
  }

  /** The predictions of rows read as {@code input}. */
  public static BinaryPredictions of(InputKind input) {
    return input == InputKind.LABELS ? LABELS : SCORES;
  }

  /** The byte in stored states ({@link BinaryStates}): fixed, whatever the order of the constants. */
  public byte code() {
    return code;
  }

  /** The predictions of a stored byte, or null when none has it. */
  public static BinaryPredictions fromCode(byte code) {
    for (BinaryPredictions p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    return null;
  }

  /** Whether such predictions give {@code metric} (else it is null). */
  public boolean give(BinaryMetric metric) {
    return this == SCORES || metric.computableFrom(InputKind.LABELS);
  }

  /** For messages: "labels (input=labels)". */
  public String described() {
    return described;
  }
}
