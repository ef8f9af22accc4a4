package io.segeval.spark;

import io.segeval.core.InputKind;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * {@code seg_multiclass_metrics(pred, target, num_classes)}: merges rows of flattened logits
 * (C·H·W, channel-major) and targets (H·W class ids, 255 ignored) into one
 * {@link MulticlassCounts} per partition (the engine's fused pass per row), merges the partial
 * states and finishes into the struct of {@link MulticlassResultRows#METRICS}. Buffers are O(C²)
 * whatever the number of rows.
 *
 * <p>{@code num_classes} is read from each row and must be the same on every row: the buffer
 * starts as an empty placeholder and is rebound to C on its first row (an empty state merges into
 * any C). SQL semantics: rows whose pred or target is null are ignored, as {@code sum} ignores
 * nulls; a pred whose length is not C times the target's, or a value out of range, fails the query
 * with the row's reason.
 */
public class MulticlassMetricsAggregator extends Aggregator<MulticlassPixels, MulticlassCounts, Row> {
  private static final long serialVersionUID = 1L;

  /** The buffer before the first row: C is not known yet. */
  private static final MulticlassParams UNBOUND = MulticlassParams.of(2);

  @Override
  public MulticlassCounts zero() {
    return new MulticlassCounts(UNBOUND);
  }

  @Override
  public MulticlassCounts reduce(MulticlassCounts state, MulticlassPixels row) {
    if (row.getPred() == null || row.getTarget() == null) {
      return state;
    }
    if (row.getTotalClasses() == null) {
      throw new IllegalArgumentException("num_classes must not be null");
    }
    MulticlassCounts bound = rebind(state, paramsOf(row.getTotalClasses()));
    double[] pred = row.getPred();
    double[] target = row.getTarget();
    int n = target.length;
    if ((long) pred.length != (long) bound.numClasses() * n) {
      throw new IllegalArgumentException("pred has " + pred.length + " values but num_classes × target length is "
          + bound.numClasses() + " × " + n + " = " + (long) bound.numClasses() * n);
    }
    bound.update(pred, target, n, Math.max(1, n));
    return bound;
  }

  @Override
  public MulticlassCounts merge(MulticlassCounts a, MulticlassCounts b) {
    if (b.images() == 0) {
      return a;
    }
    if (a.images() == 0) {
      return b;
    }
    if (a.numClasses() != b.numClasses()) {
      throw new IllegalArgumentException(mismatch(b.numClasses(), a.numClasses()));
    }
    return a.merge(b);
  }

  @Override
  public Row finish(MulticlassCounts state) {
    return MulticlassResultRows.metrics(state, state.images() == 0);
  }

  @Override
  public Encoder<MulticlassCounts> bufferEncoder() {
    return Encoders.javaSerialization(MulticlassCounts.class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(MulticlassResultRows.METRICS);
  }

  private static MulticlassParams paramsOf(int numClasses) {
    return new MulticlassParams(numClasses, MulticlassParams.DEFAULT_IGNORE_INDEX, MulticlassParams.DEFAULT_SMOOTH,
        InputKind.LOGITS);
  }

  private static MulticlassCounts rebind(MulticlassCounts state, MulticlassParams params) {
    if (state.params().equals(params)) {
      return state;
    }
    if (state.images() == 0) {
      return new MulticlassCounts(params);
    }
    throw new IllegalArgumentException(mismatch(params.numClasses(), state.numClasses()));
  }

  private static String mismatch(int got, int before) {
    return "num_classes must be the same on every row: got " + got + " after " + before;
  }
}
