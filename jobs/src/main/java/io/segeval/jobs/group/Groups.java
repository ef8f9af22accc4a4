package io.segeval.jobs.group;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

/**
 * The merged states of a run, one per {@code --group-by} group, in group order, and the whole
 * dataset's state merged from them on the driver (states are mergeable, so the groups and the
 * total come from the same single pass). Without grouping there is one state under the key
 * {@link #NO_GROUP} and no groups.
 *
 * <p>Group order is the order of the typed group values, column by column, a null value last:
 * the same Spark ordering ({@link #groupOrder}) sorts the group keys here and the rows of
 * {@code OUTPUT/per_image/}, so summary.json's {@code groups}, {@code OUTPUT/metrics/}, the
 * console and per_image/ list the groups alike (numbers as numbers: 3 before 10).
 *
 * <p>Blocks number the results for the dataset-wide Lovász: block 0 is the whole dataset, block
 * 1 + i is group i (see {@code GroupedRunsSource}).
 *
 * @param <S> the task's state (BinaryEvaluation, MulticlassEvaluation)
 */
public final class Groups<S> {
  /** The key of every pair when the run is not grouped. */
  public static final String NO_GROUP = "";

  /** Groups {@link #describeGroupsWhere} names before "and K more". */
  static final int LISTED_IN_WARNINGS = 10;

  /** The key column while the keys are sorted (a table cannot have a column of this name). */
  private static final String KEY = "__segeval_group_key";

  private final List<String> keys = new ArrayList<>();
  private final List<S> states = new ArrayList<>();
  private final S overall;

  /**
   * @param byKey the state of each key ({@link #NO_GROUP} included, if any)
   * @param order the group keys of {@code byKey} in group order
   */
  private Groups(Map<String, S> byKey, List<String> order, Supplier<S> zero, BinaryOperator<S> merge) {
    S total = byKey.containsKey(NO_GROUP) ? merge.apply(zero.get(), byKey.get(NO_GROUP)) : zero.get();
    for (String key : order) {
      keys.add(key);
      states.add(byKey.get(key));
      total = merge.apply(total, byKey.get(key));
    }
    overall = total;
  }

  /**
   * The groups of a run, collected to the driver and put in group order.
   *
   * @param aggregated (key, state) per key, from {@code groupByKey(...).agg(...)}
   * @param zero a new empty state
   * @param merge adds the second state into the first and returns it
   */
  public static <S> Groups<S> collect(Dataset<Tuple2<String, S>> aggregated, GroupBy groupBy, Supplier<S> zero,
      BinaryOperator<S> merge) {
    Map<String, S> byKey = new HashMap<>();
    for (Tuple2<String, S> t : aggregated.collectAsList()) {
      byKey.merge(t._1(), t._2(), merge);
    }
    List<String> groupKeys = byKey.keySet().stream().filter(k -> !k.equals(NO_GROUP)).toList();
    return new Groups<>(byKey, inGroupOrder(aggregated.sparkSession(), groupBy, groupKeys), zero, merge);
  }

  /**
   * The groups of a run from its per-image rows: {@code aggregator} merges the rows of each group
   * key ({@link #keyOf} of {@code groupKey}) on the executors, then {@link #collect} with its zero
   * and merge.
   *
   * @param groupKey a row's {@code --group-by} key, or null
   */
  public static <R, S> Groups<S> aggregate(Dataset<R> rows, MapFunction<R, String> groupKey,
      Aggregator<R, S, S> aggregator, GroupBy groupBy) {
    Dataset<Tuple2<String, S>> aggregated = rows
        .groupByKey((MapFunction<R, String>) r -> keyOf(groupKey.call(r)), Encoders.STRING())
        .agg(aggregator.toColumn());
    return collect(aggregated, groupBy, aggregator::zero, aggregator::merge);
  }

  /** Group keys sorted as per_image/ sorts its rows: by their typed values ({@link #groupOrder}). */
  static List<String> inGroupOrder(SparkSession spark, GroupBy groupBy, Collection<String> keys) {
    if (keys.size() < 2) {
      return List.copyOf(keys);
    }
    List<Column> typed = new ArrayList<>(List.of(col(KEY)));
    typed.addAll(perImageKeyColumns(groupBy, col(KEY)));
    return spark.createDataset(List.copyOf(keys), Encoders.STRING()).toDF(KEY)
        .select(typed.toArray(new Column[0]))
        .coalesce(1) // a few keys: one task sorts them
        .orderBy(groupOrderThenKey(groupBy))
        .select(KEY).as(Encoders.STRING())
        .collectAsList();
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

  /**
   * The groups whose state passes {@code test}, as a warning names them ({@link GroupBy#label}), in
   * group order, the first {@value #LISTED_IN_WARNINGS} of them followed by "and K more": e.g.
   * {@code 2 of 300 groups (pred_dir=ckpt_20; pred_dir=ckpt_31)}; null when none does.
   */
  public String describeGroupsWhere(Predicate<S> test, GroupBy groupBy) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      if (test.test(group(i))) {
        labels.add(GroupBy.label(groupBy.decode(key(i))).text());
      }
    }
    if (labels.isEmpty()) {
      return null;
    }
    int shown = Math.min(LISTED_IN_WARNINGS, labels.size());
    String listed = String.join("; ", labels.subList(0, shown))
        + (labels.size() > shown ? "; and " + (labels.size() - shown) + " more" : "");
    return labels.size() + " of " + size() + (size() == 1 ? " group (" : " groups (") + listed + ")";
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

  /** The group order, then the key: distinct keys of equal typed values (0.0, -0.0) in a fixed order. */
  private static Column[] groupOrderThenKey(GroupBy groupBy) {
    List<Column> order = groupOrder(groupBy);
    order.add(col(KEY));
    return order.toArray(new Column[0]);
  }

  /**
   * The group order: each typed group column ({@link #perImageKeyColumns}) ascending, nulls last;
   * a new list, for the caller to add its own last columns to.
   */
  public static List<Column> groupOrder(GroupBy groupBy) {
    List<Column> order = new ArrayList<>();
    for (String name : groupBy.names()) {
      order.add(col(name).asc_nulls_last());
    }
    return order;
  }
}
