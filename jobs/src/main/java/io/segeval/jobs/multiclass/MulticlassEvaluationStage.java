package io.segeval.jobs.multiclass;

import static org.apache.spark.sql.functions.col;

import io.segeval.core.InputKind;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.core.multiclass.MulticlassSummary;
import io.segeval.jobs.SegEvalVersion;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.output.Rejections;
import io.segeval.jobs.output.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The multiclass evaluation: the map stage ({@link MulticlassImageEvaluator}) gives one row per
 * image plus one state row per partition, the {@link MulticlassEvaluationAggregator} merges the
 * partition states into the dataset's, the optional dataset-wide Lovász-softmax runs its
 * distributed sort ({@link MulticlassGlobalLovasz}), and the per-image rows are written.
 */
public final class MulticlassEvaluationStage {
  private static final Logger LOG = LogManager.getLogger(MulticlassEvaluationStage.class);

  /** The per-image columns, in output order: bean property, then output key. */
  private static final String[][] PER_IMAGE_COLUMNS = {
    {"imageId", "image_id"}, {"pixels", "pixels"}, {"ignored", "ignored"}, {"ce", "ce"},
    {"lovaszSoftmaxLoss", "lovasz_softmax_loss"}, {"aacc", "aacc"}, {"miou", "miou"},
  };

  private final SparkSession spark;
  private final EvalConfig config;
  private final InputKind input;
  private final MulticlassParams params;

  public MulticlassEvaluationStage(SparkSession spark, EvalConfig config, InputKind input) {
    this.spark = spark;
    this.config = config;
    this.input = input;
    this.params = config.multiclassParams(input);
  }

  public Summary run(Dataset<ImagePair> pairs, OutputDir out) {
    HadoopConf hadoopConf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    MulticlassImageEvaluator evaluator = new MulticlassImageEvaluator(params, config.lovasz().perImage(),
        config.onBadRecord() == EvalConfig.BadRecordPolicy.SKIP, config.maxPixels(), hadoopConf);
    Dataset<MulticlassImageRow> rows = pairs.mapPartitions(evaluator, Encoders.bean(MulticlassImageRow.class))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      MulticlassEvaluation evaluation =
          rows.select(new MulticlassEvaluationAggregator(params).toColumn()).first();
      LOG.info("per-image stage done: {} images evaluated", evaluation.images());
      Summary.Rejected rejected = Rejections.collect(rows.filter(col("rejectReason").isNotNull())
          .select(col("imageId"), col("file"), col("rejectReason")), out);
      writePerImage(rows.filter(col("imageId").isNotNull().and(col("rejectReason").isNull())), out);
      Double globalLovasz = null;
      if (config.lovasz().global() && params.hasSoftScores() && evaluation.counts().pixels() > 0) {
        globalLovasz = MulticlassGlobalLovasz.loss(pairs.javaRDD(), params, config.maxPixels(), hadoopConf,
            evaluation.counts());
        LOG.info("dataset-wide Lovász-softmax done");
      }
      return summary(evaluation, globalLovasz, rejected);
    } finally {
      rows.unpersist();
    }
  }

  private void writePerImage(Dataset<MulticlassImageRow> images, OutputDir out) {
    List<Column> cols = new ArrayList<>();
    for (String[] c : PER_IMAGE_COLUMNS) {
      cols.add(col(c[0]).as(c[1]));
    }
    images.select(cols.toArray(new Column[0])).orderBy("image_id")
        .write().format(config.perImageFormat().key()).option("header", "true").option("ignoreNullFields", "false")
        .save(out.staged("per_image"));
  }

  private Summary summary(MulticlassEvaluation evaluation, Double globalLovasz, Summary.Rejected rejected) {
    MulticlassSummary s = evaluation.counts().summary().withLovaszSoftmax(globalLovasz);
    Map<String, Object> dataset = new LinkedHashMap<>();
    List<String> notComputable = new ArrayList<>();
    for (MulticlassMetric m : MulticlassMetric.values()) {
      dataset.put(m.key(), s.dataset(m));
      if (!params.hasSoftScores() && needsScores(m)) {
        notComputable.add(m.key());
      }
    }
    Map<String, Object> perImageMean = new LinkedHashMap<>();
    perImageMean.put("lovasz_softmax_loss", evaluation.perImageLovaszMean());
    if (!params.hasSoftScores()) {
      notComputable.add("per_image_mean.lovasz_softmax_loss");
    }
    Map<String, Object> perClass = new LinkedHashMap<>(s.perClassValues());
    Map<String, Object> summaryParams = new LinkedHashMap<>();
    summaryParams.put("smooth", params.smooth());
    return new Summary(SegEvalVersion.VERSION, "multiclass", input.key(), params.numClasses(), params.ignoreIndex(),
        s.images(), s.pixels(), Summary.ordered(summaryParams), config.lovasz().key(),
        Summary.ordered(dataset), Summary.ordered(perImageMean), Summary.ordered(perClass), s.confusionMatrix(),
        notComputable.isEmpty() ? null : List.copyOf(notComputable), rejected, config.classNames());
  }

  /** What hard labels cannot give: CE, the soft Dice and Lovász need probabilities. */
  private static boolean needsScores(MulticlassMetric m) {
    return m == MulticlassMetric.CE || m == MulticlassMetric.SOFT_DICE_LOSS || m == MulticlassMetric.LOVASZ_SOFTMAX_LOSS;
  }
}
