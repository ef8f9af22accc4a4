package io.segeval.jobs.multiclass;

import io.segeval.core.InputKind;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.core.multiclass.MulticlassSummary;
import io.segeval.core.multiclass.ProbabilityLikeScores;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.evaluate.EvaluationStage;
import io.segeval.jobs.evaluate.EvaluationTask;
import io.segeval.jobs.group.CachedRows;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.input.TargetLabels;
import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.ResultSections;
import io.segeval.jobs.output.Results;
import io.segeval.jobs.output.RunSettings;
import io.segeval.jobs.output.Summary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The multiclass task of the {@link EvaluationStage}: the map stage ({@link MulticlassImageEvaluator})
 * gives one row per image plus one state row per partition and {@code --group-by} group, the
 * {@link MulticlassEvaluationAggregator} merges the partition states of each group, the optional
 * dataset-wide Lovász-softmax runs its distributed sort for the dataset and every group at once
 * ({@link MulticlassGlobalLovasz}).
 */
public final class MulticlassTask implements EvaluationTask<MulticlassImageRow, MulticlassEvaluation> {
  private static final Logger LOG = LogManager.getLogger(MulticlassTask.class);

  private final EvalConfig config;
  private final InputKind input;
  private final MulticlassParams params;
  private final ImageSource source;

  public MulticlassTask(EvalConfig config, InputKind input, ImageSource source) {
    this.config = config;
    this.input = input;
    this.params = config.multiclassParams(input);
    this.source = config.reduceZeroLabel()
        ? source.withTargetLabels(TargetLabels.reducingZero(config.ignoreIndex(), config.numClasses()))
        : source;
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

  @Override
  public MapStage<MulticlassImageRow, MulticlassEvaluation> mapStage() {
    MulticlassImageEvaluator evaluator = new MulticlassImageEvaluator(params, config.lovasz().perImage(),
        config.onBadRecord().skips(), source);
    return new MapStage<>(evaluator, MulticlassImageRow.class, MulticlassImageRow.isPartitionState(),
        new MulticlassEvaluationAggregator(params), MulticlassImageRow.isEvaluatedImage(),
        MulticlassImageRow.Column.values());
  }

  /**
   * Every image evaluated looked like probabilities (the first pixels' channels in [0, 1] summing to
   * 1, {@link ProbabilityLikeScores}) while read as logits: softmaxed again, the argmax and so the
   * confusion metrics stand, the score metrics are wrong. Said once, for the dataset, else for the
   * groups where it shows (one checkpoint of a nightly run saved as probabilities); the results stand.
   */
  @Override
  public void warnAbout(Groups<MulticlassEvaluation> groups, GroupBy groupBy, Elements elements) {
    MulticlassEvaluation dataset = groups.overall();
    if (!warnIfEveryImageLooksLikeProbabilities(dataset.images(), dataset.probabilityLikeImages(), elements)) {
      warnIfSomeGroupsLookLikeProbabilities(groups.describeGroupsWhere(
          g -> looksLikeProbabilities(g.images(), g.probabilityLikeImages()), groupBy), elements);
    }
  }

  static boolean looksLikeProbabilities(long images, long probabilityLikeImages) {
    return images > 0 && probabilityLikeImages == images;
  }

  /** Whether it warned. */
  static boolean warnIfEveryImageLooksLikeProbabilities(long images, long probabilityLikeImages, Elements elements) {
    if (!looksLikeProbabilities(images, probabilityLikeImages)) {
      return false;
    }
    LOG.warn("{} looks like probabilities (in its first {} {} every channel is"
        + " in [0, 1] and the channels sum to 1) but is read as logits, so softmax is applied twice: {} are wrong"
        + " (the confusion matrix is not); if the predictions are probabilities, give --input probabilities",
        images == 1 ? "the one image evaluated" : "every one of the " + images + " images evaluated",
        ProbabilityLikeScores.SAMPLE_PIXELS, elements.plural(), scoreMetrics());
    return true;
  }

  static void warnIfSomeGroupsLookLikeProbabilities(String groups, Elements elements) {
    if (groups != null) {
      LOG.warn("in {} every image evaluated looks like probabilities (in its first {} {} every channel is in"
          + " [0, 1] and the channels sum to 1) but is read as logits, so softmax is applied twice: their {} are"
          + " wrong (the confusion matrix is not); if those predictions are probabilities, evaluate them with"
          + " --input probabilities", groups, ProbabilityLikeScores.SAMPLE_PIXELS, elements.plural(), scoreMetrics());
    }
  }

  /** The metrics a second softmax changes. */
  private static String scoreMetrics() {
    return Arrays.stream(MulticlassMetric.values()).filter(MulticlassMetric::needsScores)
        .map(MulticlassMetric::key).collect(Collectors.joining(", "));
  }

  /** The Lovász-softmax: null when not asked for, from labels input, or where no class is in the block's targets. */
  @Override
  public Double[] globalLovasz(CachedRows<MulticlassImageRow> cached, Groups<MulticlassEvaluation> groups) {
    if (!config.lovasz().global() || !params.hasSoftScores() || groups.overall().counts().pixels() == 0) {
      return new Double[groups.blocks()];
    }
    List<MulticlassCounts> blocks = IntStream.range(0, groups.blocks()).mapToObj(b -> groups.block(b).counts())
        .toList();
    Double[] lovasz = MulticlassGlobalLovasz.losses(cached.evaluatedImages(MulticlassImageRow::outcome), params,
        source, blocks, groups.index());
    LOG.info("dataset-wide Lovász-softmax done");
    return lovasz;
  }

  @Override
  public RunSettings settings() {
    Map<String, Object> summaryParams = new LinkedHashMap<>();
    summaryParams.put("smooth", params.smooth());
    if (config.reduceZeroLabel()) {
      summaryParams.put("reduce_zero_label", true); // only when set: the spec's params otherwise
    }
    return RunSettings.multiclass(input.key(), params.numClasses(), params.ignoreIndex(), config.classNames(),
        summaryParams, config.lovasz().key());
  }

  @Override
  public List<String> notComputable() {
    if (params.hasSoftScores()) {
      return List.of();
    }
    Stream<String> dataset = Arrays.stream(MulticlassMetric.values()).filter(MulticlassMetric::needsScores)
        .map(MulticlassMetric::key);
    return Stream.concat(dataset, Stream.of(Summary.PER_IMAGE_MEAN_PREFIX + MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key()))
        .toList();
  }

  @Override
  public Results results(String path, MulticlassEvaluation evaluation, Double globalLovasz) {
    MulticlassSummary s = evaluation.counts().summary().withLovaszSoftmax(globalLovasz);
    return new Results(s.images(), s.pixels(), dataset(path, s), perImageMean(path, evaluation),
        Summary.ordered(path + ResultSections.PER_CLASS, s.perClassValues()), s.confusionMatrix());
  }

  /** The {@code dataset} section. */
  private static Map<String, Object> dataset(String path, MulticlassSummary s) {
    Map<String, Object> dataset = new LinkedHashMap<>();
    for (MulticlassMetric m : MulticlassMetric.values()) {
      dataset.put(m.key(), s.dataset(m));
    }
    return Summary.ordered(path + ResultSections.DATASET, dataset);
  }

  private static Map<String, Object> perImageMean(String path, MulticlassEvaluation evaluation) {
    Map<String, Object> perImageMean = new LinkedHashMap<>();
    perImageMean.put(MulticlassMetric.LOVASZ_SOFTMAX_LOSS.key(), evaluation.perImageLovaszMean());
    return Summary.ordered(path + ResultSections.PER_IMAGE_MEAN, perImageMean);
  }
}
