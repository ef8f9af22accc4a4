package io.segeval.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;

/**
 * The scalar finalizers {@code seg_binary_result(state[, options])} and
 * {@code seg_multiclass_result(state)}: a stored state to the same metrics struct as the one-call
 * aggregates. A null state gives null. A refused state or options string names the function
 * ({@link FunctionRefusals}).
 */
public final class StateResults {
  private StateResults() {}

  /** {@code result}'s value; a refusal it raises names {@code function}. */
  private static Row named(String function, Supplier<Row> result) {
    try {
      return result.get();
    } catch (RuntimeException e) {
      throw FunctionRefusals.in(function, e);
    }
  }

  /** {@code seg_binary_result}: struct of {@link BinaryResultRows#METRICS}. */
  public static final class Binary implements UDF1<byte[], Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(byte[] state) {
      return state == null ? null
          : named(SegEvalFunctions.BINARY_RESULT, () -> BinaryResultRows.metrics(BinaryStates.fromBytes(state)));
    }
  }

  /**
   * {@code seg_binary_result(state, options)}: the struct of the state with the result options'
   * parameters replaced ({@link BinaryState#withResultOptions}); null options, the state's own.
   */
  public static final class BinaryWithOptions implements UDF2<byte[], String, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(byte[] state, String options) {
      return state == null ? null : named(SegEvalFunctions.BINARY_RESULT,
          () -> BinaryResultRows.metrics(BinaryStates.fromBytes(state).withResultOptions(options)));
    }
  }

  /** {@code seg_multiclass_result}: struct of {@link MulticlassResultRows#METRICS}. */
  public static final class Multiclass implements UDF1<byte[], Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(byte[] state) {
      return state == null ? null
          : named(SegEvalFunctions.MULTICLASS_RESULT, () -> MulticlassResultRows.metrics(MulticlassStates.fromBytes(state)));
    }
  }
}
