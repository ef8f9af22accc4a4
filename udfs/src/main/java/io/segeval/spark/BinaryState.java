package io.segeval.spark;

import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParam;
import io.segeval.core.binary.BinaryParams;
import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The state of the binary SQL functions: the pixels' {@link BinaryCounts} and what their
 * predictions were ({@link BinaryPredictions}). Like the parameters, the predictions must be the
 * same for states to merge: a state of labels has null losses where one of scores has values. An
 * empty state (0 pixels) merges into any.
 *
 * @param counts the sums and counts; mutable, {@link #plus} adds into it
 */
public record BinaryState(BinaryCounts counts, BinaryPredictions predictions) implements Serializable {

  /** A state of no pixels with the given options' parameters and predictions. */
  public static BinaryState empty(BinaryOptions options) {
    return new BinaryState(new BinaryCounts(options.params()), BinaryPredictions.of(options.input()));
  }

  public long pixels() {
    return counts.pixels();
  }

  /** Whether this is the empty state of the default options, as an aggregate's zero is. */
  private boolean isDefaultEmpty() {
    return pixels() == 0 && takes(BinaryOptions.DEFAULTS.params(), BinaryPredictions.of(BinaryOptions.DEFAULTS.input()));
  }

  /** Whether rows of {@code options} add to this state as they are (else an empty state is rebound). */
  boolean takes(BinaryParams params, BinaryPredictions rows) {
    return counts.params().equals(params) && predictions == rows;
  }

  /** Whether the two states merge without a word: equal parameters and predictions. */
  boolean sameKind(BinaryState other) {
    return takes(other.counts.params(), other.predictions);
  }

  /**
   * this + other, either being returned; an empty state merges into any.
   *
   * @throws RefusedArgumentException for states of other predictions or parameters
   */
  BinaryState plus(BinaryState other) {
    if (other.pixels() == 0) {
      // two empty states: not the aggregates' default zero, so that a merge of stored states of no pixels keeps
      // the options they were built with (at smooth=0 their soft scores are null, not the defaults' 1)
      return pixels() == 0 && isDefaultEmpty() ? other : this;
    }
    if (pixels() == 0) {
      return other;
    }
    if (predictions != other.predictions) {
      throw new RefusedArgumentException("cannot merge binary states of " + predictions.described() + " with states of "
          + other.predictions.described() + ": the losses that need scores are null for labels");
    }
    try {
      counts.merge(other.counts); // refuses other parameters, naming both
    } catch (RefusedArgumentException e) {
      throw counts.params().sameSums(other.counts.params())
          ? new RefusedArgumentException(e.getMessage() + resultOptionsHint(other.counts.params())) : e;
    }
    return this;
  }

  /**
   * States that differ only in parameters of the final formulas (smooth, Tversky's α and β, Combo's
   * ratio) hold the same kind of sums: built with equal ones, they merge, and the others are given
   * to the result.
   */
  private String resultOptionsHint(BinaryParams others) {
    String options = Arrays.stream(BinaryParam.values())
        .filter(p -> p.resultOnly() && Double.compare(p.of(counts.params()), p.of(others)) != 0)
        .map(p -> p.key() + "=" + p.of(others))
        .collect(Collectors.joining(","));
    return "; these enter only the final formulas: build the states with the same values, merge them, and give"
        + " others to the result: " + SegEvalFunctions.BINARY_RESULT + "(state, '" + options + "')";
  }

  /**
   * This state under result options ({@link BinaryParams#withResultParams}): the same sums and
   * counts with smooth, tversky_alpha, tversky_beta or combo_ce_ratio replaced; this state itself
   * for null or blank options. This state is unchanged (its parameters stay those it merges by).
   *
   * @throws RefusedArgumentException for a parameter that entered the sums, or an unknown one
   */
  BinaryState withResultOptions(String options) {
    BinaryParams params = counts.params().withResultParams(options);
    return params.equals(counts.params()) ? this : new BinaryState(counts.withResultParams(params), predictions);
  }

  /** The options that made the state, as an option string ({@code input=labels,...} for labels). */
  String optionString() {
    String params = counts.params().toOptionString();
    return predictions == BinaryPredictions.LABELS ? BinaryOptions.LABELS_OPTION + "," + params : params;
  }
}
