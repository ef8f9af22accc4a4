package io.segeval.jobs.input;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.codec.Reason;
import io.segeval.jobs.config.UsageException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code --group-by col[,col...]}: the columns whose values split a run into groups, each with its
 * own results from the same single pass. A pair carries its group as a key: the JSON array of its
 * values as strings ({@code ["unet-v3","12"]}, null values as null), built by {@link #keyColumn}
 * and read back by {@link #decode}.
 *
 * <p>Columns come from the table (any column besides id, pred and target), or are derived from the
 * image_id: {@value #IMAGE_DIR} is its first path segment ({@code site_b/img_004} → {@code site_b},
 * {@code img_004} → the empty string), so folder datasets can be grouped by subfolder. A table
 * column of the same name wins over the derived one. Folder input has one more derived column,
 * {@value #PRED_DIR}: the last path segment of the image's prediction folder
 * ({@code --pred /preds/ckpt_10} → {@code ckpt_10}), one group per {@code --pred} folder.
 *
 * @param types each column's Spark type in the input (derived columns: string), so that
 *     {@code OUTPUT/metrics/} and the history keep e.g. an integer epoch an integer
 */
public record GroupBy(List<String> names, Map<String, DataType> types) implements Serializable {
  public static final GroupBy NONE = new GroupBy(List.of(), Map.of());

  /** The first path segment of the image_id, or "" when it has none. */
  public static final String IMAGE_DIR = "image_dir";

  /** Folder input: the last path segment of the prediction folder. */
  public static final String PRED_DIR = "pred_dir";

  /** The derived columns of folder input; tables have only {@link #IMAGE_DIR}. */
  private static final List<String> FOLDER_COLUMNS = List.of(IMAGE_DIR, PRED_DIR);
  private static final List<String> TABLE_DERIVED_COLUMNS = List.of(IMAGE_DIR);

  private static final ObjectMapper JSON = new ObjectMapper();

  public GroupBy {
    names = List.copyOf(names);
    types = Map.copyOf(types);
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }

  /** Parses {@code "a, b"} (null or blank: no grouping) into column names. */
  public static List<String> parseNames(String value) {
    List<String> names = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return names;
    }
    for (String part : value.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        throw new UsageException("--group-by: empty column name in '" + value + "'");
      }
      if (names.contains(name)) {
        throw new UsageException("--group-by: column '" + name + "' is listed twice");
      }
      names.add(name);
    }
    return names;
  }

  /** Folder input: only derived columns exist ({@value #IMAGE_DIR}, {@value #PRED_DIR}). */
  public static GroupBy forFolders(List<String> names) {
    return of(names, new StructType(), List.of(), FOLDER_COLUMNS);
  }

  /**
   * Table input: each name is a table column (not one of {@code reserved}: id, pred, target) or the
   * derived {@value #IMAGE_DIR}.
   */
  public static GroupBy forTable(List<String> names, StructType schema, List<String> reserved) {
    return of(names, schema, reserved, TABLE_DERIVED_COLUMNS);
  }

  private static GroupBy of(List<String> names, StructType schema, List<String> reserved, List<String> derived) {
    Map<String, DataType> types = new LinkedHashMap<>();
    for (String name : names) {
      if (reserved.contains(name)) {
        throw new UsageException("--group-by: '" + name + "' is the id, prediction or target column");
      }
      if (schema.getFieldIndex(name).isDefined()) {
        DataType type = schema.apply(name).dataType();
        if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType
            || type instanceof BinaryType) {
          throw new UsageException("--group-by: column '" + name + "' is a " + type.simpleString()
              + "; group by columns of simple types (strings, numbers, dates)");
        }
        types.put(name, type);
      } else if (derived.contains(name)) {
        types.put(name, DataTypes.StringType);
      } else {
        List<String> available = new ArrayList<>();
        for (String f : schema.fieldNames()) {
          if (!reserved.contains(f)) {
            available.add(f);
          }
        }
        available.addAll(derived);
        String hint = name.equals(PRED_DIR) ? "; " + PRED_DIR + " is derived for --pred folders only: give the table a"
            + " column of the checkpoint, e.g. with pack --set model=..." : "";
        throw new UsageException("--group-by: no column '" + name + "' (available: "
            + String.join(", ", available) + ")" + hint);
      }
    }
    return new GroupBy(names, types);
  }

  /**
   * The key column: JSON array of the values as strings, or null without grouping.
   *
   * @param tableColumn a table column by name, or null when the input has no such column
   * @param imageId the image_id column (for derived columns)
   */
  public Column keyColumn(Function<String, Column> tableColumn, Column imageId) {
    if (names.isEmpty()) {
      return lit(null).cast(DataTypes.StringType);
    }
    List<Column> values = new ArrayList<>();
    for (String name : names) {
      Column c = tableColumn.apply(name);
      if (c == null) {
        c = when(instr(imageId, "/").gt(0), substring_index(imageId, "/", 1)).otherwise(lit(""));
      }
      values.add(c.cast(DataTypes.StringType));
    }
    return to_json(array(values.toArray(new Column[0])));
  }

  /**
   * Folder input, on the driver: the values of the (derived) group columns for an image_id of the
   * prediction folder {@code predDir} (its last path segment); {@value #IMAGE_DIR} as
   * {@link #keyColumn} computes it in Spark.
   */
  List<String> folderValues(String imageId, String predDir) {
    // folders have no table columns: every name is a derived one (forFolders checks)
    int slash = imageId.indexOf('/');
    String imageDir = slash > 0 ? imageId.substring(0, slash) : "";
    List<String> values = new ArrayList<>(names.size());
    for (String name : names) {
      values.add(name.equals(PRED_DIR) ? predDir : imageDir);
    }
    return values;
  }

  /** The key of these group values (JSON array), or null without grouping. */
  String keyOf(List<String> values) {
    if (names.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the group key of " + values, e);
    }
  }

  /** Whether the prediction folders are a group column ({@value #PRED_DIR}). */
  public boolean byPredDir() {
    return names.contains(PRED_DIR);
  }

  /**
   * A group as messages name it: {@code model=unet-v3, split=val}, an empty value as {@code ""},
   * a null one as {@code null}. The values are the record's (# in the class), the names the run's.
   */
  public static Reason label(Map<String, String> values) {
    Reason label = null;
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue();
      Reason one = Reason.of("{}={}", Reason.constant(e.getKey()), v != null && v.isEmpty() ? "\"\"" : v);
      label = label == null ? one : Reason.of("{}, {}", label, one);
    }
    return label == null ? Reason.constant("") : label;
  }

  /** The key's values by column name, in {@link #names} order. */
  public Map<String, String> decode(String key) {
    Map<String, String> values = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return values;
    }
    try {
      JsonNode array = JSON.readTree(key);
      for (int i = 0; i < names.size(); i++) {
        JsonNode v = array.get(i);
        values.put(names.get(i), v == null || v.isNull() ? null : v.asText());
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad group key " + key, e);
    }
    return values;
  }
}
