package io.segeval.jobs.pack;

import io.segeval.jobs.config.TableInput;
import io.segeval.jobs.config.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The constant string columns of {@code pack --set KEY=VALUE} (repeatable), in their order. Spark's
 * column names ignore case, so a key given twice, or two keys that differ only in case, would write
 * one column and lose a value without a word: both are refused, as are names that are no column
 * names and the columns pack writes itself.
 */
public final class ConstantColumns {
  private ConstantColumns() {}

  /** The columns pack writes itself. */
  private static final List<String> WRITTEN = List.of("image_id", "pred", "target", TableInput.HEIGHT,
      TableInput.WIDTH, TableInput.CHANNELS);

  /**
   * Column name → value, in the order given.
   *
   * @throws UsageException naming the {@code --set} that cannot be written
   */
  public static Map<String, String> parse(List<String> assignments) {
    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, String> byFoldedName = new LinkedHashMap<>();
    for (String assignment : assignments == null ? List.<String>of() : assignments) {
      int eq = assignment.indexOf('=');
      if (eq < 0) {
        throw new UsageException("--set " + assignment + ": expected KEY=VALUE, e.g. --set model=unet-v3");
      }
      String key = assignment.substring(0, eq);
      String value = assignment.substring(eq + 1);
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new UsageException("--set: '" + key + "' is not a column name (letters, digits, _)");
      }
      String folded = key.toLowerCase(Locale.ROOT);
      if (WRITTEN.contains(folded)) {
        throw new UsageException("--set " + key + ": that column is written by pack");
      }
      String earlier = byFoldedName.putIfAbsent(folded, key);
      if (earlier != null) {
        throw new UsageException(earlier.equals(key)
            ? "--set " + key + " is given twice (" + earlier + "=" + columns.get(earlier) + ", " + assignment
                + "); give each column once"
            : "--set " + earlier + " and --set " + key + " are the same column (Spark's column names ignore case);"
                + " give each column once");
      }
      columns.put(key, value);
    }
    return columns;
  }
}
