package io.segeval.jobs.group;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * The merged states of a run, one per {@code --group-by} group, in key order, and the whole
 * dataset's state merged from them on the driver (states are mergeable, so the groups and the
 * total come from the same single pass). Without grouping there is one state under the key
 * {@link #NO_GROUP} and no groups.
 *
 * <p>Blocks number the results for the dataset-wide Lovász: block 0 is the whole dataset, block
 * 1 + i is group i (see {@code GroupedRunsSource}).
 *
 * @param <S> the task's state (BinaryEvaluation, MulticlassEvaluation)
 */
public final class Groups<S> {
  /** The key of every pair when the run is not grouped. */
  public static final String NO_GROUP = "";

  private final List<String> keys = new ArrayList<>();
  private final List<S> states = new ArrayList<>();
  private final S overall;

  /**
   * @param collected (key, state) per key, as collected from {@code groupByKey(...).agg(...)}
   * @param zero a new empty state
   * @param merge adds the second state into the first and returns it
   */
  public Groups(List<Tuple2<String, S>> collected, Supplier<S> zero, BinaryOperator<S> merge) {
    TreeMap<String, S> sorted = new TreeMap<>();
    for (Tuple2<String, S> t : collected) {
      sorted.merge(t._1(), t._2(), merge);
    }
    S total = zero.get();
    for (Map.Entry<String, S> e : sorted.entrySet()) {
      total = merge.apply(total, e.getValue());
      if (!e.getKey().equals(NO_GROUP)) {
        keys.add(e.getKey());
        states.add(e.getValue());
      }
    }
    overall = total;
  }

  /** A pair's key: its group key, or {@link #NO_GROUP}. */
  public static String keyOf(String groupKey) {
    return groupKey == null ? NO_GROUP : groupKey;
  }

  /** The whole dataset. */
  public S overall() {
    return overall;
  }

  /** G, the number of groups (0 without grouping). */
  public int size() {
    return keys.size();
  }

  public String key(int i) {
    return keys.get(i);
  }

  public S group(int i) {
    return states.get(i);
  }

  /** 1 + G. */
  public int blocks() {
    return 1 + keys.size();
  }

  /** Block 0: the whole dataset; block 1 + i: group i. */
  public S block(int b) {
    return b == 0 ? overall : states.get(b - 1);
  }

  /** Group key → i. */
  public Map<String, Integer> index() {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      index.put(keys.get(i), i);
    }
    return index;
  }

  /** The group columns of a per-image row, from its key column, with their input types. */
  public static List<Column> perImageKeyColumns(GroupBy groupBy, Column key) {
    List<Column> cols = new ArrayList<>();
    Column values = from_json(key, DataTypes.createArrayType(DataTypes.StringType), Map.of());
    for (int i = 0; i < groupBy.names().size(); i++) {
      String name = groupBy.names().get(i);
      cols.add(values.getItem(i).cast(groupBy.types().get(name)).as(name));
    }
    return cols;
  }

  /**
   * Per-image rows sorted by group, then image_id; left as they are when they already come in
   * that order (the per-image stage keeps the order of folder pairs, sorted on the driver).
   */
  public static Dataset<Row> inPerImageOrder(Dataset<Row> rows, GroupBy groupBy, boolean alreadyInOrder) {
    return alreadyInOrder ? rows : rows.orderBy(perImageOrder(groupBy));
  }

  private static Column[] perImageOrder(GroupBy groupBy) {
    List<Column> order = new ArrayList<>();
    for (String name : groupBy.names()) {
      order.add(col(name).asc_nulls_last()); // as summary.json's groups and metrics/ list them
    }
    order.add(col("image_id"));
    return order.toArray(new Column[0]);
  }
}
