package io.segeval.spark;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.core.ProbabilityOutOfRangeException;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryLabels;
import io.segeval.core.binary.BinaryTargets;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The shared part of the array-based binary aggregates: builds a {@link BinaryState} from rows of
 * flattened prediction and target arrays and merges the partial states of all partitions. The
 * subclasses finish the state into the metrics struct ({@link BinaryMetricsAggregator}) or the
 * stored blob ({@link BinaryStateAggregator}).
 *
 * <p>The options come either from the constructor (the two-argument form, or a literal third
 * argument, parsed when the query is resolved) or from the third argument row by row (a column),
 * whose parameters must then be the same on every row, and whose input may mix logits and
 * probabilities but not scores and labels. A row whose pred or target is null or empty, arrays of
 * different lengths or values out of range fail the query with the reason
 * ({@link NonNullArrays#requireImages}). With {@code input=labels} the predictions are read as
 * {@code segeval evaluate --input labels} reads them: 0, 1 or 255 ({@link BinaryLabels}).
 */
public abstract class BinaryCountsAggregator<IN extends BinaryPixels, OUT> extends Aggregator<IN, BinaryState, OUT> {
  private static final long serialVersionUID = 1L;

  private final BinaryOptions fixedOptions;

  /** @param options the options, or null to read them from each row's option column */
  protected BinaryCountsAggregator(BinaryOptions options) {
    this.fixedOptions = options;
  }

  @Override
  public BinaryState zero() {
    // With an option column the parameters are unknown until the first row: start from the
    // defaults and rebind on the first row (an empty state merges into any parameters).
    return BinaryState.empty(fixedOptions == null ? BinaryOptions.DEFAULTS : fixedOptions);
  }

  @Override
  public BinaryState reduce(BinaryState state, IN row) {
    NonNullArrays.requireImages(row.getPred(), row.getTarget());
    BinaryOptions options = optionsOf(row);
    double[] pred = row.getPred();
    double[] target = row.getTarget();
    if (pred.length != target.length) {
      throw new RefusedArgumentException(
          "pred has " + NonNullArrays.count(pred.length, "value") + " but target has " + target.length
              + NonNullArrays.findRowWhere("size(pred) != size(target)"));
    }
    BinaryTargets.normalize(target, target.length);
    BinaryState bound = rebind(state, options);
    InputKind kind = options.input();
    if (kind == InputKind.LABELS) {
      // hard labels are probabilities 0 and 1, as the job reads them; a value that is no label is refused
      BinaryLabels.toProbabilities(pred, pred.length, pred.length, "; a fractional or negative value is a score, not a label:"
          + " drop input=labels (" + BinaryOptions.LOGITS_OPTION + " or input=probabilities)");
      kind = InputKind.PROBABILITIES;
    }
    try {
      bound.counts().update(pred, target, pred.length, pred.length, kind);
    } catch (ProbabilityOutOfRangeException e) {
      throw e.withLogitsHint(BinaryOptions.LOGITS_OPTION + " in the options");
    } catch (BadRecordException e) {
      // a refused target with a negative value is likely the logits: asked as segeval evaluate asks it
      throw e.side() == BadRecordException.Side.TARGET && BinaryTargets.holdsNegative(target, target.length)
          ? new BadRecordException(e.why().then(SWAPPED_HINT), e.side())
          : e;
    }
    return bound;
  }

  /** What a refused target holding a negative value is asked: the arguments' order. */
  static final String SWAPPED_HINT = "; a target with negative values looks like logits: are pred and target the"
      + " wrong way round (the prediction comes first)?";

  /**
   * Partitions' states of this aggregate: different parameters come from different rows' options,
   * said as {@link #reduce} says it within a partition (not as a merge of stored states).
   */
  @Override
  public BinaryState merge(BinaryState a, BinaryState b) {
    if (a.pixels() > 0 && b.pixels() > 0 && !a.sameKind(b)) {
      throw optionsDiffer(b, a);
    }
    return a.plus(b);
  }

  @Override
  public Encoder<BinaryState> bufferEncoder() {
    return Encoders.javaSerialization(BinaryState.class);
  }

  private BinaryOptions optionsOf(IN row) {
    if (fixedOptions != null) {
      return fixedOptions;
    }
    return BinaryOptions.parse(((BinaryPixelsWithOptions) row).getTuning());
  }

  private static BinaryState rebind(BinaryState state, BinaryOptions options) {
    if (state.takes(options.params(), BinaryPredictions.of(options.input()))) {
      return state;
    }
    BinaryState rebound = BinaryState.empty(options);
    if (state.pixels() == 0) {
      return rebound;
    }
    throw optionsDiffer(rebound, state);
  }

  private static RefusedArgumentException optionsDiffer(BinaryState got, BinaryState before) {
    return new RefusedArgumentException("the options argument must be the same on every row: got "
        + got.optionString() + " after " + before.optionString());
  }
}
