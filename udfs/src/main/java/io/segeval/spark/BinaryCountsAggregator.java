package io.segeval.spark;

import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.binary.BinaryTargets;
import io.segeval.core.binary.ProbabilityOutOfRangeException;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The shared part of the array-based binary aggregates: builds a {@link BinaryCounts} from rows of
 * flattened prediction and target arrays and merges the partial states of all partitions. The
 * subclasses finish the state into the metrics struct ({@link BinaryMetricsAggregator}) or the
 * stored blob ({@link BinaryStateAggregator}).
 *
 * <p>The options come either from the constructor (the two-argument form, or a literal third
 * argument, parsed when the query is resolved) or from the third argument row by row (a column),
 * which must then be the same on every row. A row whose pred or target is null, arrays of different
 * lengths or values out of range fail the query with the reason ({@link NonNullArrays#requireImages}).
 */
public abstract class BinaryCountsAggregator<IN extends BinaryPixels, OUT> extends Aggregator<IN, BinaryCounts, OUT> {
  private static final long serialVersionUID = 1L;

  private final BinaryOptions fixedOptions;

  /** @param options the options, or null to read them from each row's option column */
  protected BinaryCountsAggregator(BinaryOptions options) {
    this.fixedOptions = options;
  }

  @Override
  public BinaryCounts zero() {
    // With an option column the parameters are unknown until the first row: start from the
    // defaults and rebind on the first row (an empty state merges into any parameters).
    return new BinaryCounts((fixedOptions == null ? BinaryOptions.DEFAULTS : fixedOptions).params());
  }

  @Override
  public BinaryCounts reduce(BinaryCounts state, IN row) {
    NonNullArrays.requireImages(row.getPred(), row.getTarget());
    BinaryOptions options = optionsOf(row);
    double[] pred = row.getPred();
    double[] target = row.getTarget();
    if (pred.length != target.length) {
      throw new RefusedArgumentException(
          "pred has " + pred.length + " values but target has " + target.length);
    }
    BinaryTargets.normalize(target, target.length);
    BinaryCounts bound = rebind(state, options.params());
    try {
      bound.update(pred, target, pred.length, pred.length, options.input());
    } catch (ProbabilityOutOfRangeException e) {
      throw e.withLogitsHint(BinaryOptions.LOGITS_OPTION + " in the options");
    }
    return bound;
  }

  /**
   * Partitions' states of this aggregate: different parameters come from different rows' options,
   * said as {@link #reduce} says it within a partition (not as a merge of stored states).
   */
  @Override
  public BinaryCounts merge(BinaryCounts a, BinaryCounts b) {
    if (a.pixels() > 0 && b.pixels() > 0 && !a.params().equals(b.params())) {
      throw optionsDiffer(b.params(), a.params());
    }
    return mergeStates(a, b);
  }

  @Override
  public Encoder<BinaryCounts> bufferEncoder() {
    return Encoders.javaSerialization(BinaryCounts.class);
  }

  /** a + b; an empty state merges into any parameters. */
  static BinaryCounts mergeStates(BinaryCounts a, BinaryCounts b) {
    if (b.pixels() == 0) {
      return a;
    }
    if (a.pixels() == 0) {
      return b;
    }
    return a.merge(b);
  }

  private BinaryOptions optionsOf(IN row) {
    if (fixedOptions != null) {
      return fixedOptions;
    }
    return BinaryOptions.parse(((BinaryPixelsWithOptions) row).getTuning());
  }

  private static BinaryCounts rebind(BinaryCounts state, BinaryParams params) {
    if (state.params().equals(params)) {
      return state;
    }
    if (state.pixels() == 0) {
      return new BinaryCounts(params);
    }
    throw optionsDiffer(params, state.params());
  }

  private static RefusedArgumentException optionsDiffer(BinaryParams got, BinaryParams before) {
    return new RefusedArgumentException("the options argument must be the same on every row: got "
        + got.toOptionString() + " after " + before.toOptionString());
  }
}
