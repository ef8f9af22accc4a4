package io.segeval.jobs.output;

import static org.apache.spark.sql.functions.col;

import io.segeval.jobs.config.EvalConfig.PerImageFormat;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;

/**
 * Writes {@code OUTPUT/per_image/}: one row per image, under its output names, the {@code --group-by}
 * columns first, sorted by group, then image_id ({@link Groups#inPerImageOrder}).
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
    Groups.inPerImageOrder(rows.select(cols.toArray(new Column[0])), groupBy, inOutputOrder)
        .write().format(format.key())
        .option("header", "true") // CSV: the column names first
        .option("escape", "\"") // CSV: a quote in a field is doubled (RFC 4180), as Python's csv and pandas read it
        .option("ignoreNullFields", "false") // JSON: nulls are written, not left out
        .save(out.staged(FOLDER));
  }
}
