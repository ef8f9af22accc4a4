package io.segeval.core;

import io.segeval.codec.Reason;

/**
 * A prediction read as a probability lies outside [0, 1]: most often raw scores (logits) passed
 * as probabilities. How to say "these are logits" depends on where the user is (the command
 * line's {@code --input logits}, the SQL option {@code input=logits}), so the caller adds that
 * hint with {@link #withLogitsHint}.
 */
public final class ProbabilityOutOfRangeException extends BadPredictionValueException {
  private static final long serialVersionUID = 1L;

  public ProbabilityOutOfRangeException(Reason reason, double value) {
    super(reason, value);
  }

  /** The same reason followed by "(use {@code logitsOption} for raw scores)", with the value. */
  public BadPredictionValueException withLogitsHint(String logitsOption) {
    return new BadPredictionValueException(why().then(" (use " + logitsOption + " for raw scores)"), value());
  }
}
