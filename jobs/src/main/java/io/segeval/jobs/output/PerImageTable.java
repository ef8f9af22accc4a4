package io.segeval.jobs.output;

import static org.apache.spark.sql.functions.col;

import io.segeval.jobs.config.EvalConfig.PerImageFormat;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes {@code OUTPUT/per_image/}: one row per image, under its output names, the {@code --group-by}
 * columns first, sorted by group, then image_id ({@link #inOrder}).
 */
public final class PerImageTable {
  private PerImageTable() {}

  /** The folder of OUTPUT it is written to. */
  public static final String FOLDER = "per_image";

  /** The map stage rows' column of the {@code --group-by} key (BinaryImageRow, MulticlassImageRow); Rejections' too. */
  static final String GROUP_KEY = "groupKey";

  /**
   * @param rows the per-image rows (with a {@code groupKey} column)
   * @param columns the output columns, in output order
   * @param inOutputOrder whether the rows already come in that order (folders: sorted on the driver)
   * @param out the run's OUTPUT: the table goes to its staged {@code per_image/}
   */
  public static void write(Dataset<?> rows, PerImageColumn[] columns, GroupBy groupBy, boolean inOutputOrder,
      PerImageFormat format, OutputDir out) {
    List<Column> cols = new ArrayList<>(Groups.perImageKeyColumns(groupBy, col(GROUP_KEY)));
    for (PerImageColumn c : columns) {
      cols.add(col(c.property()).as(c.key()));
    }
    inOrder(rows.select(cols.toArray(new Column[0])), groupBy, inOutputOrder)
        .write().format(format.key())
        .option("header", "true") // CSV: the column names first
        .option("escape", "\"") // CSV: a quote in a field is doubled (RFC 4180), as Python's csv and pandas read it
        .option("ignoreNullFields", "false") // JSON: nulls are written, not left out
        .save(out.staged(FOLDER));
  }

  /**
   * Rows in per_image/'s order: by group ({@link Groups#groupOrder}), then image_id; left as they
   * are when they already come in that order (the per-image stage keeps the order of folder pairs,
   * sorted on the driver).
   *
   * @param rows output rows: the group columns under their names, and {@code image_id}
   */
  static Dataset<Row> inOrder(Dataset<Row> rows, GroupBy groupBy, boolean alreadyInOrder) {
    if (alreadyInOrder) {
      return rows;
    }
    List<Column> order = Groups.groupOrder(groupBy);
    order.add(col("image_id"));
    return rows.orderBy(order.toArray(new Column[0]));
  }
}
