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
  SCORES("scores (logits or probabilities)"),
  /** Hard labels 0, 1 or 255. */
  LABELS("labels (input=labels)");

  private final String described;

  BinaryPredictions(String described) {
    this.described = described;
  }

  /** The predictions of rows read as {@code input}. */
  public static BinaryPredictions of(InputKind input) {
    return input == InputKind.LABELS ? LABELS : SCORES;
  }

  /** The byte in stored states ({@link BinaryStates}): 0 scores, 1 labels, whatever the order of the constants. */
  public byte code() {
    return (byte) (this == SCORES ? 0 : 1);
  }

  /** The predictions of a stored byte ({@link #code}), or null when none has it. */
  public static BinaryPredictions fromCode(byte code) {
    return switch (code) {
      case 0 -> SCORES;
      case 1 -> LABELS;
      default -> null;
    };
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
