package io.segeval.jobs.multiclass;

import io.segeval.core.InputKind;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.core.multiclass.MulticlassSummary;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.group.CachedRows;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.input.TargetLabels;
import io.segeval.jobs.limit.MaxRejected;
import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.output.PerImageTable;
import io.segeval.jobs.output.Rejections;
import io.segeval.jobs.output.Results;
import io.segeval.jobs.output.RunSettings;
import io.segeval.jobs.output.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;

/**
 * The multiclass evaluation: the map stage ({@link MulticlassImageEvaluator}) gives one row per
 * image plus one state row per partition and {@code --group-by} group, the
 * {@link MulticlassEvaluationAggregator} merges the partition states of each group and the driver
 * merges the groups into the dataset's, the optional dataset-wide Lovász-softmax runs its
 * distributed sort for the dataset and every group at once ({@link MulticlassGlobalLovasz}), and
 * the per-image rows are written.
 */
public final class MulticlassEvaluationStage {
  private static final Logger LOG = LogManager.getLogger(MulticlassEvaluationStage.class);

  private final EvalConfig config;
  private final InputKind input;
  private final MulticlassParams params;
  private final ImageSource source;
  private final GroupBy groupBy;
  private final boolean pairsInOutputOrder;

  public MulticlassEvaluationStage(EvalConfig config, InputKind input, ImageSource source, GroupBy groupBy,
      boolean pairsInOutputOrder) {
    this.config = config;
    this.input = input;
    this.params = config.multiclassParams(input);
    this.source = config.reduceZeroLabel()
        ? source.withTargetLabels(TargetLabels.reducingZero(config.ignoreIndex(), config.numClasses()))
        : source;
    this.groupBy = groupBy;
    this.pairsInOutputOrder = pairsInOutputOrder;
    warnIfTheIgnoreIndexIsAClass(config.ignoreIndex(), config.numClasses());
  }

  /**
   * An ignore index in [0, C) is a class no target pixel can be of: it only scores IoU 0 where it is
   * predicted. That is meant with a model that has a channel for it (ADE20K with "other" as class 0,
   * C = 151), and wrong by one class for a model of classes 1..C, the usual ADE20K one, whose masks
   * need --reduce-zero-label: said once, the run goes on.
   */
  static void warnIfTheIgnoreIndexIsAClass(int ignoreIndex, int numClasses) {
    if (ignoreIndex < 0 || ignoreIndex >= numClasses) {
      return;
    }
    LOG.warn("--ignore-index {} is a class id in [0, {}): no target pixel can be of class {}, which has IoU 0 if it is"
        + " predicted anywhere (counted in miou){}", ignoreIndex, numClasses, ignoreIndex, ignoreIndex != 0 ? ""
        : "; if the masks hold 0 for unlabeled and 1 … " + numClasses + " for the classes (ADE20K), and channel c is"
        + " class c + 1, use --reduce-zero-label instead");
  }

  /** Evaluates {@code pairs} ({@code pairCount} of them) and writes the per-image rows to {@code out}. */
  public Summary run(Dataset<ImagePair> pairs, long pairCount, OutputDir out) {
    MulticlassImageEvaluator evaluator = new MulticlassImageEvaluator(params, config.lovasz().perImage(),
        config.onBadRecord().skips(), source);
    MaxRejected limit = MaxRejected.of(pairs.sparkSession().sparkContext(), config.maxRejected(), groupBy);
    try (CachedRows<MulticlassImageRow> cached = CachedRows.of(pairs, evaluator, MulticlassImageRow.class,
        limit.counting(MulticlassImageRow::skipped))) {
      Dataset<MulticlassImageRow> rows = cached.rows();
      // the per-image stage: the aggregate's job computes (and keeps) the rows
      Groups<MulticlassEvaluation> groups = limit.watching(cached.partitions(), () -> Groups.aggregate(
          rows.filter(MulticlassImageRow.isPartitionState()), MulticlassImageRow::getGroupKey,
          new MulticlassEvaluationAggregator(params), groupBy, () -> new MulticlassEvaluation(params),
          MulticlassEvaluation::merge));
      MulticlassEvaluation evaluation = groups.overall();
      LOG.info("per-image stage done: {} images evaluated", evaluation.images());
      Summary.Rejected rejected = Rejections.collect(rows, pairCount - evaluation.images(), evaluation.images(), out,
          config.maxRejected(), groupBy);
      PerImageTable.write(rows.filter(MulticlassImageRow.isEvaluatedImage()), MulticlassImageRow.Column.values(),
          groupBy, pairsInOutputOrder, config.perImageFormat(), out);
      Double[] lovasz = globalLovasz(cached, groups);
      Summary summary = summary(evaluation, lovasz[0], rejected);
      return groupBy.isEmpty() ? summary : summary.withGroups(groupBy.names(),
          GroupSummary.of(groups, groupBy, Rejections.countByGroup(rows, rejected),
              (where, group, i) -> results(where, group, lovasz[1 + i])));
    }
  }

  /**
   * The dataset-wide Lovász-softmax of every block (0: the dataset, 1 + i: group i), from one
   * distributed sort; null where not computed (not asked for, labels input) or where no class is
   * present in the block's targets.
   */
  private Double[] globalLovasz(CachedRows<MulticlassImageRow> cached, Groups<MulticlassEvaluation> groups) {
    if (!config.lovasz().global() || !params.hasSoftScores() || groups.overall().counts().pixels() == 0) {
      return new Double[groups.blocks()];
    }
    List<MulticlassCounts> blocks = new ArrayList<>();
    for (int b = 0; b < groups.blocks(); b++) {
      blocks.add(groups.block(b).counts());
    }
    Double[] lovasz = MulticlassGlobalLovasz.losses(cached.evaluatedImages(MulticlassImageRow::outcome), params,
        source, blocks, groups.index());
    LOG.info("dataset-wide Lovász-softmax done");
    return lovasz;
  }

  private Summary summary(MulticlassEvaluation evaluation, Double globalLovasz, Summary.Rejected rejected) {
    List<String> notComputable = new ArrayList<>();
    for (MulticlassMetric m : MulticlassMetric.values()) {
      if (!params.hasSoftScores() && m.needsScores()) {
        notComputable.add(m.key());
      }
    }
    if (!params.hasSoftScores()) {
      notComputable.add(Summary.PER_IMAGE_MEAN_PREFIX + MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key());
    }
    Map<String, Object> summaryParams = new LinkedHashMap<>();
    summaryParams.put("smooth", params.smooth());
    if (config.reduceZeroLabel()) {
      summaryParams.put("reduce_zero_label", true); // only when set: the spec's params otherwise
    }
    RunSettings run = RunSettings.multiclass(input.key(), params.numClasses(), params.ignoreIndex(),
        config.classNames(), summaryParams, config.lovasz().key());
    return Summary.of(run, results("", evaluation, globalLovasz), notComputable, rejected);
  }

  /**
   * The result sections of the run or a group ({@code where}: "" for the run, else the group, for
   * messages); {@code globalLovasz} null when not computed.
   */
  private static Results results(String where, MulticlassEvaluation evaluation, Double globalLovasz) {
    MulticlassSummary s = evaluation.counts().summary().withLovaszSoftmax(globalLovasz);
    return new Results(s.images(), s.pixels(), dataset(where, s), perImageMean(where, evaluation),
        Summary.ordered(where + "per_class", s.perClassValues()), s.confusionMatrix());
  }

  /** The {@code dataset} section ({@code where}: "" for the run, else the group, for messages). */
  private static Map<String, Object> dataset(String where, MulticlassSummary s) {
    Map<String, Object> dataset = new LinkedHashMap<>();
    for (MulticlassMetric m : MulticlassMetric.values()) {
      dataset.put(m.key(), s.dataset(m));
    }
    return Summary.ordered(where + "dataset", dataset);
  }

  private static Map<String, Object> perImageMean(String where, MulticlassEvaluation evaluation) {
    Map<String, Object> perImageMean = new LinkedHashMap<>();
    perImageMean.put(MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key(), evaluation.perImageLovaszMean());
    return Summary.ordered(where + "per_image_mean", perImageMean);
  }
}
