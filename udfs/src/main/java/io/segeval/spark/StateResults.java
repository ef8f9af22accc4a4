package io.segeval.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The scalar finalizers {@code seg_binary_result(state)} and {@code seg_multiclass_result(state)}:
 * a stored state to the same metrics struct as the one-call aggregates. A null state gives null.
 */
public final class StateResults {
  private StateResults() {}

  /** {@code seg_binary_result}: struct of {@link BinaryResultRows#METRICS}. */
  public static final class Binary implements UDF1<byte[], Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(byte[] state) {
      return state == null ? null : BinaryResultRows.metrics(BinaryStates.fromBytes(state));
    }
  }

  /** {@code seg_multiclass_result}: struct of {@link MulticlassResultRows#METRICS}. */
  public static final class Multiclass implements UDF1<byte[], Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(byte[] state) {
      return state == null ? null : MulticlassResultRows.metrics(MulticlassStates.fromBytes(state));
    }
  }
}
