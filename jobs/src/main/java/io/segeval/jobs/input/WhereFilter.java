package io.segeval.jobs.input;

import static org.apache.spark.sql.functions.expr;

import io.segeval.jobs.MessageText;
import io.segeval.jobs.config.UsageException;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.Filter;

/**
 * {@code --where}: keeps the tables' rows for which a Spark SQL condition holds. Applied to the
 * tables as read, before anything else, so Spark pushes it into the scans (Parquet partition
 * pruning and row-group filters) and every later step (shared image_ids, bad records,
 * {@code --max-rejected}, groups) sees the kept rows only.
 */
final class WhereFilter {
  private WhereFilter() {}

  /**
   * The rows where {@code where} holds ({@code rows} itself when it is null). {@code added}: a
   * column SegEval added, left out of what the condition is checked against, so that Spark's
   * suggestions and the columns listed name the table's own.
   */
  static Dataset<Row> keep(Dataset<Row> rows, String where, String added) {
    if (where == null) {
      return rows;
    }
    requireValid(rows.drop(added), where);
    return rows.where(expr(where));
  }

  /**
   * Refuses, before any job (Spark analyses a filter as it is added), a condition it cannot parse
   * or resolve, or one that is not boolean: one line with Spark's reason, and the table's columns
   * when one it names is not among them.
   */
  private static void requireValid(Dataset<Row> table, String where) {
    Dataset<Row> kept;
    try {
      kept = table.where(expr(where));
    } catch (Exception e) { // Spark's AnalysisException is a checked exception, thrown undeclared
      if (!(e instanceof SparkThrowable st)) {
        throw e;
      }
      boolean unknownColumn = String.valueOf(st.getCondition()).startsWith("UNRESOLVED_COLUMN");
      String reason = MessageText.firstLine(e.getMessage()).replaceFirst(";$", ""); // "...; line 1 pos 0;"
      throw new UsageException("--where: " + reason
          + (unknownColumn ? " (columns: " + String.join(", ", table.columns()) + ")" : ""), e);
    }
    // rand() and the like: the rows evaluated would change from run to run (and between Spark's retries)
    if (kept.queryExecution().analyzed() instanceof Filter filter && !filter.condition().deterministic()) {
      throw new UsageException("--where: " + where + " is not deterministic: the rows kept would differ from run to"
          + " run; select rows by their values (e.g. a hash of image_id: pmod(hash(image_id), 10) = 0)");
    }
  }
}
