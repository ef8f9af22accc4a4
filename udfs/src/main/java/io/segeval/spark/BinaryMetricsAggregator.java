package io.segeval.spark;

import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryTargets;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * {@code seg_binary_metrics(pred, target [, options])}: builds a {@link BinaryCounts} from rows of
 * flattened prediction and target arrays, merges the partial states of all partitions and
 * finishes into the struct of dataset-wide metrics ({@link BinaryResultRows#METRICS}).
 *
 * <p>The options come either from the constructor (two-argument form) or from the third argument,
 * which must be the same on every row. SQL semantics: rows whose pred or target is null are
 * ignored, as {@code sum} ignores nulls; arrays of different lengths or values out of range fail
 * the query with the row's reason.
 */
public class BinaryMetricsAggregator<IN extends BinaryPixels> extends Aggregator<IN, BinaryCounts, Row> {
  private static final long serialVersionUID = 1L;

  private final BinaryOptions fixedOptions;

  /** The two-argument form with the given options. */
  public BinaryMetricsAggregator(BinaryOptions options) {
    this.fixedOptions = options;
  }

  /** The three-argument form: options are read from each row. */
  public static BinaryMetricsAggregator<BinaryPixelsWithOptions> withOptionColumn() {
    return new BinaryMetricsAggregator<>(null);
  }

  @Override
  public BinaryCounts zero() {
    // With an option column the parameters are unknown until the first row: start from the
    // defaults and rebind on the first row (an empty state merges into any parameters).
    return new BinaryCounts((fixedOptions == null ? BinaryOptions.DEFAULTS : fixedOptions).params());
  }

  @Override
  public BinaryCounts reduce(BinaryCounts state, IN row) {
    if (row.getPred() == null || row.getTarget() == null) {
      return state;
    }
    BinaryOptions options = optionsOf(row);
    double[] pred = row.getPred();
    double[] target = row.getTarget();
    if (pred.length != target.length) {
      throw new IllegalArgumentException(
          "pred has " + pred.length + " values but target has " + target.length);
    }
    BinaryTargets.normalize(target, target.length);
    BinaryCounts bound = rebind(state, options);
    bound.update(pred, target, pred.length, pred.length, options.input());
    return bound;
  }

  @Override
  public BinaryCounts merge(BinaryCounts a, BinaryCounts b) {
    if (b.pixels() == 0) {
      return a;
    }
    if (a.pixels() == 0) {
      return b;
    }
    return a.merge(b);
  }

  @Override
  public Row finish(BinaryCounts state) {
    return BinaryResultRows.metrics(state);
  }

  @Override
  public Encoder<BinaryCounts> bufferEncoder() {
    return Encoders.javaSerialization(BinaryCounts.class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(BinaryResultRows.METRICS);
  }

  private BinaryOptions optionsOf(IN row) {
    if (fixedOptions != null) {
      return fixedOptions;
    }
    return BinaryOptions.parse(((BinaryPixelsWithOptions) row).getTuning());
  }

  private static BinaryCounts rebind(BinaryCounts state, BinaryOptions options) {
    if (state.params().equals(options.params())) {
      return state;
    }
    if (state.pixels() == 0) {
      return new BinaryCounts(options.params());
    }
    throw new IllegalArgumentException(
        "the options argument must be the same on every row: got " + options.params().toOptionString()
            + " after " + state.params().toOptionString());
  }
}
