package io.segeval.jobs.config;

import java.io.Serializable;
import java.util.List;

/**
 * {@code --table URI [--table URI ...]}: evaluate rows of Spark tables instead of folders. Each URI
 * is a path read with {@code spark.read.format(format).load(URI)}, or the name of a table in the
 * session's catalog. One row is one image: its id, prediction and target columns, the latter two
 * as NPY/PNG bytes or as flattened arrays with {@code height} and {@code width} columns.
 *
 * @param where {@code --where}: a Spark SQL condition on the tables' rows, applied before anything
 *     else reads them; null (also for an empty value) keeps every row
 */
public record TableInput(List<String> uris, String format, String idCol, String predCol, String targetCol,
    String where) implements Serializable {
  public static final String DEFAULT_FORMAT = "parquet";
  public static final String DEFAULT_ID_COL = "image_id";
  public static final String DEFAULT_PRED_COL = "pred";
  public static final String DEFAULT_TARGET_COL = "target";
  /** The columns of an array cell's shape (fixed names). */
  public static final String HEIGHT = "height";
  public static final String WIDTH = "width";
  public static final String CHANNELS = "channels";

  public TableInput {
    if (uris == null || uris.isEmpty() || uris.stream().anyMatch(u -> u == null || u.isBlank())) {
      throw new UsageException("--table needs a table path or name");
    }
    uris = List.copyOf(uris);
    requireName("--format", format);
    requireName("--id-col", idCol);
    requireName("--pred-col", predCol);
    requireName("--target-col", targetCol);
    if (idCol.equals(predCol) || idCol.equals(targetCol) || predCol.equals(targetCol)) {
      throw new UsageException("--id-col, --pred-col and --target-col must name three different columns");
    }
    where = where == null || where.isBlank() ? null : where.strip();
  }

  private static void requireName(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new UsageException(option + " must not be empty");
    }
  }
}
