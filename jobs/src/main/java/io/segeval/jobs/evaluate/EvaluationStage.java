package io.segeval.jobs.evaluate;

import io.segeval.core.EvaluationState;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.group.CachedRows;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.limit.MaxRejected;
import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.output.PerImageTable;
import io.segeval.jobs.output.Rejections;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.run.RunJobs;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;

/**
 * The evaluation of a run, whatever its task: the map stage's rows are made once and kept, the
 * states of each {@code --group-by} group are aggregated from them (under the --max-rejected
 * watch) and merged into the dataset's on the driver, the skipped records are collected, the
 * per-image rows written, the optional dataset-wide Lovász sorted, and the summary made with its
 * groups. The {@link EvaluationTask} (BinaryTask, MulticlassTask) supplies what differs.
 */
public final class EvaluationStage<R extends MapStageRow, S extends EvaluationState> {
  private static final Logger LOG = LogManager.getLogger(EvaluationStage.class);

  private final EvaluationTask<R, S> task;
  private final EvalConfig config;
  private final GroupBy groupBy;
  private final boolean pairsInOutputOrder;

  public EvaluationStage(EvaluationTask<R, S> task, EvalConfig config, GroupBy groupBy, boolean pairsInOutputOrder) {
    this.task = task;
    this.config = config;
    this.groupBy = groupBy;
    this.pairsInOutputOrder = pairsInOutputOrder;
  }

  /** Evaluates {@code pairs} ({@code pairCount} of them) and writes the per-image rows to {@code out}. */
  public Summary run(Dataset<ImagePair> pairs, long pairCount, OutputDir out) {
    EvaluationTask.MapStage<R, S> map = task.mapStage();
    MaxRejected limit = MaxRejected.of(pairs.sparkSession().sparkContext(), config.maxRejected(), groupBy);
    EvaluatedShapes shapes = EvaluatedShapes.register(pairs.sparkSession().sparkContext());
    try (ImageProgress progress = ImageProgress.start(pairs.sparkSession().sparkContext(), pairCount);
        CachedRows<R> cached = CachedRows.of(pairs, shapes.counting(progress.counting(map.evaluator())), map.rowType(),
            limit.counting(MapStageRow::skipped))) {
      Dataset<R> rows = cached.rows();
      // the per-image stage: the aggregate's job computes (and keeps) the rows
      RunJobs.step("per-image stage, " + pairCount + (pairCount == 1 ? " image" : " images") + " ("
          + config.task().key() + ")");
      Groups<S> groups = limit.watching(cached.partitions(), () -> Groups.aggregate(rows.filter(map.stateRows()),
          MapStageRow::getGroupKey, map.aggregator(), groupBy));
      long evaluated = groups.overall().images();
      LOG.info("per-image stage done: {} images evaluated", evaluated);
      Elements elements = shapes.elements(); // voxels when the images were volumes
      task.warnAbout(groups, groupBy, elements);
      RunJobs.step("listing the skipped records");
      Summary.Rejected rejected = Rejections.collect(rows, pairCount - evaluated, out,
          config.maxRejected(), groupBy);
      RunJobs.step("writing " + PerImageTable.FOLDER + "/");
      PerImageTable.write(rows.filter(map.imageRows()), map.perImageColumns(), groupBy, pairsInOutputOrder,
          config.perImageFormat(), out);
      Double[] lovasz = task.globalLovasz(cached, groups);
      Summary summary = Summary.of(task.settings(), task.results("", groups.overall(), lovasz[0]),
          task.notComputable(), rejected, elements);
      RunJobs.step("counting the skipped records of each group");
      return groupBy.isEmpty() ? summary : summary.withGroups(groupBy.names(),
          GroupSummary.of(groups, groupBy, Rejections.countByGroup(rows, rejected),
              (path, group, i) -> task.results(path, group, lovasz[1 + i])));
    }
  }
}
