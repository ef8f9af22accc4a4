package io.segeval.jobs.binary;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.group.CachedRows;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.limit.MaxRejected;
import io.segeval.jobs.lovasz.GlobalLovasz;
import io.segeval.jobs.lovasz.GroupedRunsSource;
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
 * The binary evaluation: the map stage ({@link BinaryImageEvaluator}) gives one row per image, the
 * {@link BinaryEvaluationAggregator} merges them into one state per {@code --group-by} group (one
 * group without it) and the driver merges those into the dataset's, the optional dataset-wide
 * Lovász runs its distributed sort (whole dataset and every group in one shuffle), and the
 * per-image rows are written.
 */
public final class BinaryEvaluationStage {
  private static final Logger LOG = LogManager.getLogger(BinaryEvaluationStage.class);

  private final EvalConfig config;
  private final InputKind input;
  private final ImageSource source;
  private final GroupBy groupBy;
  private final boolean pairsInOutputOrder;

  public BinaryEvaluationStage(EvalConfig config, InputKind input, ImageSource source, GroupBy groupBy,
      boolean pairsInOutputOrder) {
    this.config = config;
    this.input = input;
    this.source = source;
    this.groupBy = groupBy;
    this.pairsInOutputOrder = pairsInOutputOrder;
  }

  /** Evaluates {@code pairs} ({@code pairCount} of them) and writes the per-image rows to {@code out}. */
  public Summary run(Dataset<ImagePair> pairs, long pairCount, OutputDir out) {
    BinaryImageEvaluator evaluator = new BinaryImageEvaluator(config.binaryParams(), input,
        config.lovasz().perImage(), config.onBadRecord().skips(), source);
    MaxRejected limit = MaxRejected.of(pairs.sparkSession().sparkContext(), config.maxRejected(), groupBy);
    try (CachedRows<BinaryImageRow> cached = CachedRows.of(pairs, evaluator, BinaryImageRow.class,
        limit.counting(BinaryImageRow::skipped))) {
      Dataset<BinaryImageRow> rows = cached.rows();
      // the per-image stage: the aggregate's job computes (and keeps) the rows
      Groups<BinaryEvaluation> groups = limit.watching(cached.partitions(), () -> Groups.aggregate(rows,
          BinaryImageRow::getGroupKey, new BinaryEvaluationAggregator(config.binaryParams()), groupBy,
          () -> new BinaryEvaluation(config.binaryParams()), BinaryEvaluation::merge));
      BinaryEvaluation evaluation = groups.overall();
      LOG.info("per-image stage done: {} images evaluated", evaluation.images());
      Summary.Rejected rejected = Rejections.collect(rows, pairCount - evaluation.images(), evaluation.images(), out,
          config.maxRejected(), groupBy);
      PerImageTable.write(rows.filter(Rejections.notRejected()), BinaryImageRow.Column.values(), groupBy,
          pairsInOutputOrder, config.perImageFormat(), out);
      Double[] lovasz = globalLovasz(cached, groups);
      Summary summary = summary(evaluation, lovasz[0], rejected);
      return groupBy.isEmpty() ? summary : summary.withGroups(groupBy.names(),
          GroupSummary.of(groups, groupBy, Rejections.countByGroup(rows, rejected),
              (where, group, i) -> results(where, group, lovasz[1 + i], new ArrayList<>())));
    }
  }

  /**
   * The dataset-wide Lovász hinge of every block (0: the dataset, 1 + i: group i), from one
   * distributed sort; null where not computed (not asked for, labels input) or undefined (no pixels).
   */
  private Double[] globalLovasz(CachedRows<BinaryImageRow> cached, Groups<BinaryEvaluation> groups) {
    Double[] lovasz = new Double[groups.blocks()];
    boolean globalHinge = config.lovasz().global() && BinaryMetric.LOVASZ_HINGE_LOSS.computableFrom(input);
    if (!globalHinge || groups.overall().dataset().pixels() == 0) {
      return lovasz;
    }
    // g = T = Σ t, each block's target weight
    double[] g = new double[groups.blocks()];
    for (int b = 0; b < g.length; b++) {
      g[b] = groups.block(b).dataset().targetSum();
    }
    double[] losses = GlobalLovasz.losses(cached.evaluatedImages(BinaryImageRow::outcome),
        new GroupedRunsSource(BinaryImageEvaluator.globalLovaszSource(input, source), groups.index()), g);
    // The hinge of no pixels is undefined (null), as an image's: a group with no image evaluated has none.
    for (int b = 0; b < g.length; b++) {
      lovasz[b] = groups.block(b).dataset().pixels() == 0 ? null : losses[b];
    }
    LOG.info("dataset-wide Lovász done");
    return lovasz;
  }

  private Summary summary(BinaryEvaluation evaluation, Double globalLovasz, Summary.Rejected rejected) {
    List<String> notComputable = new ArrayList<>();
    Results results = results("", evaluation, globalLovasz, notComputable);
    // not_computable: the dataset keys, then the per_image_mean keys, the input cannot give.
    for (BinaryEvaluation.PerImageMean m : BinaryEvaluation.PerImageMean.values()) {
      if (!m.computableFrom(input)) {
        notComputable.add(Summary.PER_IMAGE_MEAN_PREFIX + m.key());
      }
    }
    RunSettings run = RunSettings.binary(input.key(), config.binaryParams().asMap(), config.lovasz().key());
    return Summary.of(run, results, notComputable, rejected);
  }

  /**
   * The result sections of the run or a group ({@code where}: "" for the run, else the group, for
   * messages); {@code globalLovasz} null when not computed; the dataset keys the input cannot give
   * are added to {@code notComputable}.
   */
  private Results results(String where, BinaryEvaluation evaluation, Double globalLovasz, List<String> notComputable) {
    return new Results(evaluation.images(), evaluation.dataset().pixels(),
        dataset(where, evaluation.dataset(), globalLovasz, notComputable), perImageMean(where, evaluation), null, null);
  }

  /**
   * The {@code dataset} section ({@code where}: "" for the run, else the group, for messages);
   * {@code globalLovasz} null when not computed.
   */
  private Map<String, Object> dataset(String where, BinaryCounts counts, Double globalLovasz,
      List<String> notComputable) {
    Map<String, Object> dataset = new LinkedHashMap<>();
    for (BinaryMetric m : BinaryMetric.values()) {
      Double v = m == BinaryMetric.LOVASZ_HINGE_LOSS ? globalLovasz : m.value(counts);
      if (!m.computableFrom(input)) {
        v = null;
        notComputable.add(m.key());
      }
      dataset.put(m.key(), v == null ? null : m.isCount() ? (Object) v.longValue() : v);
    }
    return Summary.ordered(where + "dataset", dataset);
  }

  private static Map<String, Object> perImageMean(String where, BinaryEvaluation evaluation) {
    Map<String, Object> perImageMean = new LinkedHashMap<>();
    // The Lovász mean is null when no image has a hinge (labels input, --lovasz global).
    evaluation.perImageMeans().forEach((k, v) -> perImageMean.put(k.key(), v));
    return Summary.ordered(where + "per_image_mean", perImageMean);
  }
}
