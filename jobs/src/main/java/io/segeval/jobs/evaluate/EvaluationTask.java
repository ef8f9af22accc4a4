package io.segeval.jobs.evaluate;

import io.segeval.core.EvaluationState;
import io.segeval.jobs.group.CachedRows;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.PerImageColumn;
import io.segeval.jobs.output.Results;
import io.segeval.jobs.output.RunSettings;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * What a task (binary, multiclass) gives the {@link EvaluationStage}, which runs the steps both
 * share in their order.
 *
 * @param <R> the map stage's row bean
 * @param <S> the mergeable state of a group's images (and, merged, of the dataset's)
 */
public interface EvaluationTask<R extends MapStageRow, S extends EvaluationState> {
  /**
   * A task's map stage: {@code evaluator} makes a partition's pairs into rows of {@code rowType}
   * (one per image, evaluated or skipped, and any state rows); {@code aggregator} merges the
   * {@code stateRows} of a group into its state (its zero and merge also add the groups up on the
   * driver); the {@code imageRows} are written to {@code OUTPUT/per_image/} as {@code perImageColumns}.
   */
  record MapStage<R, S>(MapPartitionsFunction<ImagePair, R> evaluator, Class<R> rowType, Column stateRows,
      Aggregator<R, S, S> aggregator, Column imageRows, PerImageColumn[] perImageColumns) {}

  MapStage<R, S> mapStage();

  /**
   * Warns, once the states are known, about what they suggest went wrong: in the dataset, else in
   * the groups where it shows ({@link Groups#describeGroupsWhere}), naming the run's
   * {@code elements} (pixels, or a volume's voxels); nothing by default.
   */
  default void warnAbout(Groups<S> groups, GroupBy groupBy, Elements elements) {}

  /**
   * The dataset-wide Lovász of every block (0: the dataset, 1 + i: group i), from one distributed
   * sort over the {@code cached} rows' images; null where not computed or undefined.
   */
  Double[] globalLovasz(CachedRows<R> cached, Groups<S> groups);

  /** What the run was asked: the head of summary.json. */
  RunSettings settings();

  /** The dataset keys, then the per_image_mean keys, the input cannot give (their values are null). */
  List<String> notComputable();

  /**
   * The result sections of the run or a group ({@code path}: "" for the run, else the group, for
   * messages); {@code globalLovasz} null when not computed.
   */
  Results results(String path, S state, Double globalLovasz);
}
