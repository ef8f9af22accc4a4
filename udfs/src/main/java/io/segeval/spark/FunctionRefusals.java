package io.segeval.spark;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.RefusedArgumentException;

/**
 * A refusal raised while a query runs, named after the SQL function that raised it: with several
 * SegEval aggregates in one query ({@code seg_binary_metrics(...)} next to
 * {@code seg_multiclass_metrics(...)}), "pred has 2 values but target has 3" alone would not say
 * which call's arguments to look at. Refusals made when the query is resolved name the function
 * already ({@link SegEvalFunctions}); these are the ones made row by row, in the aggregates'
 * reduce and merge, the null-element checks and the scalar finalizers.
 */
final class FunctionRefusals {
  private FunctionRefusals() {}

  /**
   * {@code e} with its message prefixed by {@code "function: "}, the original as its cause; any
   * exception other than SegEval's refusals, and one that names the function already, as it is.
   */
  static RuntimeException in(String function, RuntimeException e) {
    String prefix = function + ": ";
    if (e.getMessage() == null || e.getMessage().startsWith(prefix)) {
      return e;
    }
    if (e instanceof RefusedArgumentException) {
      return new RefusedArgumentException(prefix + e.getMessage(), e);
    }
    if (e instanceof BadRecordException bad) {
      return new BadRecordException(Reason.of(prefix + "{}", bad.why()), bad.side(), e);
    }
    return e;
  }
}
