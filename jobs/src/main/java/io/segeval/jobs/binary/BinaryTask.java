package io.segeval.jobs.binary;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.evaluate.EvaluationStage;
import io.segeval.jobs.evaluate.EvaluationTask;
import io.segeval.jobs.group.CachedRows;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.lovasz.GlobalLovasz;
import io.segeval.jobs.lovasz.GroupedRunsSource;
import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.Rejections;
import io.segeval.jobs.output.ResultSections;
import io.segeval.jobs.output.Results;
import io.segeval.jobs.output.RunSettings;
import io.segeval.jobs.output.Summary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.functions;

/**
 * The binary task of the {@link EvaluationStage}: the map stage ({@link BinaryImageEvaluator})
 * gives one row per image, the {@link BinaryEvaluationAggregator} merges them into one state per
 * {@code --group-by} group (one group without it), the optional dataset-wide Lovász hinge runs its
 * distributed sort (whole dataset and every group in one shuffle).
 */
public record BinaryTask(EvalConfig config, InputKind input, ImageSource source)
    implements EvaluationTask<BinaryImageRow, BinaryEvaluation> {
  private static final Logger LOG = LogManager.getLogger(BinaryTask.class);

  @Override
  public MapStage<BinaryImageRow, BinaryEvaluation> mapStage() {
    BinaryImageEvaluator evaluator = new BinaryImageEvaluator(config.binaryParams(), input, config.lovasz().perImage(),
        config.onBadRecord().skips(), source);
    // every row is a state: the aggregator passes over the skipped ones (a group of only those still has its state)
    return new MapStage<>(evaluator, BinaryImageRow.class, functions.lit(true),
        new BinaryEvaluationAggregator(config.binaryParams()), Rejections.notRejected(),
        BinaryImageRow.Column.values());
  }

  /**
   * Every pixel on one side of the threshold while the targets hold both classes: what probabilities
   * read as logits give (all in [0, 1], so sigmoid puts them all at 0.5–0.73), and what a model that
   * predicts one class everywhere gives. Said once, for the dataset, else for the groups where it
   * shows (one checkpoint of a nightly run saved as probabilities); the results stand.
   */
  @Override
  public void warnAbout(Groups<BinaryEvaluation> groups, GroupBy groupBy, Elements elements) {
    if (!warnIfEveryPixelIsOnOneSide(input, groups.overall().dataset(), elements)) {
      warnIfSomeGroupsAreOnOneSide(groups.describeGroupsWhere(g -> isOnOneSide(input, g.dataset()), groupBy), elements);
    }
  }

  static boolean isOnOneSide(InputKind input, BinaryCounts c) {
    long predictedPositive = c.tp() + c.fp();
    boolean bothClassesInTargets = c.tp() + c.fn() > 0 && c.fp() + c.tn() > 0;
    return input == InputKind.LOGITS && bothClassesInTargets
        && (predictedPositive == 0 || predictedPositive == c.pixels());
  }

  /** Whether it warned. */
  static boolean warnIfEveryPixelIsOnOneSide(InputKind input, BinaryCounts c, Elements elements) {
    if (!isOnOneSide(input, c)) {
      return false;
    }
    long predictedPositive = c.tp() + c.fp();
    LOG.warn("every one of the {} {} is predicted {} (tp = {}, fp = {}, fn = {}, tn = {}): if the predictions are"
        + " probabilities (or 0/1 masks) rather than logits, give --input probabilities (or --input labels)",
        c.pixels(), elements.plural(), predictedPositive == 0 ? "negative" : "positive", c.tp(), c.fp(), c.fn(), c.tn());
    return true;
  }

  static void warnIfSomeGroupsAreOnOneSide(String groups, Elements elements) {
    if (groups != null) {
      LOG.warn("in {} every {} is predicted on one side of the threshold while the targets hold both classes:"
          + " if those predictions are probabilities (or 0/1 masks) rather than logits, evaluate them with"
          + " --input probabilities (or --input labels)", groups, elements.singular());
    }
  }

  /** The Lovász hinge: null when not asked for, from labels input, or undefined (a block of no pixels). */
  @Override
  public Double[] globalLovasz(CachedRows<BinaryImageRow> cached, Groups<BinaryEvaluation> groups) {
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

  @Override
  public RunSettings settings() {
    return RunSettings.binary(input.key(), config.binaryParams().asMap(), config.lovasz().key());
  }

  @Override
  public List<String> notComputable() {
    Stream<String> dataset = Arrays.stream(BinaryMetric.values()).filter(m -> !m.computableFrom(input))
        .map(BinaryMetric::key);
    Stream<String> perImageMean = Arrays.stream(BinaryEvaluation.PerImageMean.values())
        .filter(m -> !m.computableFrom(input)).map(m -> Summary.PER_IMAGE_MEAN_PREFIX + m.key());
    return Stream.concat(dataset, perImageMean).toList();
  }

  @Override
  public Results results(String path, BinaryEvaluation evaluation, Double globalLovasz) {
    return new Results(evaluation.images(), evaluation.dataset().pixels(),
        dataset(path, evaluation.dataset(), globalLovasz), perImageMean(path, evaluation), null, null);
  }

  /** The {@code dataset} section; a metric the input cannot give is null. */
  private Map<String, Object> dataset(String path, BinaryCounts counts, Double globalLovasz) {
    Map<String, Object> dataset = new LinkedHashMap<>();
    for (BinaryMetric m : BinaryMetric.values()) {
      Double v = !m.computableFrom(input) ? null
          : m == BinaryMetric.LOVASZ_HINGE_LOSS ? globalLovasz : m.value(counts);
      dataset.put(m.key(), v == null ? null : m.isCount() ? (Object) v.longValue() : v);
    }
    return Summary.ordered(path + ResultSections.DATASET, dataset);
  }

  private static Map<String, Object> perImageMean(String path, BinaryEvaluation evaluation) {
    Map<String, Object> perImageMean = new LinkedHashMap<>();
    // The Lovász mean is null when no image has a hinge (labels input, --lovasz global).
    evaluation.perImageMeans().forEach((k, v) -> perImageMean.put(k.key(), v));
    return Summary.ordered(path + ResultSections.PER_IMAGE_MEAN, perImageMean);
  }
}
