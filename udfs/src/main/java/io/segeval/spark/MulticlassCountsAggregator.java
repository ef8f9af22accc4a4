package io.segeval.spark;

import io.segeval.core.ProbabilityOutOfRangeException;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The shared part of the array-based multiclass aggregates: merges rows of flattened predictions
 * (C·H·W channel-major scores, or H·W class ids with {@code input=labels}) and targets (H·W class
 * ids, the ignore index left out) into one {@link MulticlassCounts} per partition (the engine's
 * fused pass per row) and merges the partial states. Buffers are O(C²) whatever the number of
 * rows. Subclasses finish into the metrics struct or the stored blob.
 *
 * <p>{@code num_classes} (and the options) are read from each row and must be the same on every
 * row: the buffer starts as an empty placeholder and is rebound on its first row (an empty state
 * merges into any parameters). A row whose pred or target is null
 * ({@link NonNullArrays#requireImages}), a pred of the wrong length, or a value out of range fails
 * the query with the reason.
 */
public abstract class MulticlassCountsAggregator<IN extends MulticlassPixels, OUT>
    extends Aggregator<IN, MulticlassCounts, OUT> {
  private static final long serialVersionUID = 1L;

  /** The refusal of a null num_classes, on a row or as a literal ({@link SegEvalFunctions}). */
  static final String NULL_CLASS_COUNT = "num_classes must not be null";

  /** The parameters of the buffer before its first row or state: C is not known yet. */
  static final MulticlassParams UNBOUND = MulticlassParams.of(2);

  @Override
  public MulticlassCounts zero() {
    return new MulticlassCounts(UNBOUND);
  }

  @Override
  public MulticlassCounts reduce(MulticlassCounts state, IN row) {
    NonNullArrays.requireImages(row.getPred(), row.getTarget());
    if (row.getTotalClasses() == null) {
      throw new RefusedArgumentException(NULL_CLASS_COUNT);
    }
    MulticlassOptions options = row instanceof MulticlassPixelsWithOptions o
        ? MulticlassOptions.parse(o.getTuning()) : MulticlassOptions.DEFAULTS;
    MulticlassParams.requireClassCount(row.getTotalClasses()); // before the narrowing to int
    MulticlassCounts bound = rebind(state, options.params(row.getTotalClasses().intValue()));
    double[] pred = row.getPred();
    double[] target = row.getTarget();
    int n = target.length;
    long expected = bound.params().hasSoftScores() ? (long) bound.numClasses() * n : n;
    if (pred.length != expected) {
      throw new RefusedArgumentException(bound.params().hasSoftScores()
          ? "pred has " + NonNullArrays.count(pred.length, "value") + " but num_classes × target length is "
              + bound.numClasses() + " × " + n + " = " + expected
              + NonNullArrays.findRowWhere("size(pred) != " + bound.numClasses() + " * size(target)")
          : "pred has " + NonNullArrays.count(pred.length, "label") + " but target has " + NonNullArrays.count(n, "value")
              + NonNullArrays.findRowWhere("size(pred) != size(target)"));
    }
    try {
      bound.update(pred, target, n, Math.max(1, n));
    } catch (ProbabilityOutOfRangeException e) {
      throw e.withLogitsHint(BinaryOptions.LOGITS_OPTION + " in the options");
    }
    return bound;
  }

  /**
   * Partitions' states of this aggregate: different parameters come from different rows, said as
   * {@link #reduce} says it within a partition (not as a merge of stored states).
   */
  @Override
  public MulticlassCounts merge(MulticlassCounts a, MulticlassCounts b) {
    if (a.images() > 0 && b.images() > 0 && !a.params().equals(b.params())) {
      throw new RefusedArgumentException(mismatch(b.params(), a.params()));
    }
    return mergeStates(a, b);
  }

  @Override
  public Encoder<MulticlassCounts> bufferEncoder() {
    return Encoders.javaSerialization(MulticlassCounts.class);
  }

  /** a + b; an empty state merges into any parameters. */
  static MulticlassCounts mergeStates(MulticlassCounts a, MulticlassCounts b) {
    if (b.images() == 0) {
      return a;
    }
    if (a.images() == 0) {
      return b;
    }
    return a.merge(b);
  }

  private static MulticlassCounts rebind(MulticlassCounts state, MulticlassParams params) {
    if (state.params().equals(params)) {
      return state;
    }
    if (state.images() == 0) {
      return new MulticlassCounts(params);
    }
    throw new RefusedArgumentException(mismatch(params, state.params()));
  }

  private static String mismatch(MulticlassParams got, MulticlassParams before) {
    if (got.numClasses() != before.numClasses()) {
      return "num_classes must be the same on every row: got " + got.numClasses() + " after " + before.numClasses();
    }
    return "the options must be the same on every row: got " + got.toOptionString() + " after "
        + before.toOptionString();
  }
}
