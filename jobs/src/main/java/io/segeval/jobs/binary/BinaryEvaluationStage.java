package io.segeval.jobs.binary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nanvl;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryEvaluation;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.jobs.SegEvalVersion;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.lovasz.GlobalLovasz;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.output.Rejections;
import io.segeval.jobs.output.Summary;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The binary evaluation: the map stage ({@link BinaryImageEvaluator}) gives one row per image, the
 * {@link BinaryEvaluationAggregator} merges them into the dataset's state, the optional
 * dataset-wide Lovász runs its distributed sort, and the per-image rows are written.
 */
public final class BinaryEvaluationStage {
  private static final Logger LOG = LogManager.getLogger(BinaryEvaluationStage.class);

  /** The per-image columns, in output order: bean property, then output key. */
  private static final String[][] PER_IMAGE_COLUMNS = {
    {"imageId", "image_id"}, {"pixels", "pixels"}, {"dice", "dice"}, {"iou", "iou"},
    {"tversky", "tversky"}, {"bce", "bce"}, {"focalLoss", "focal_loss"},
    {"lovaszHingeLoss", "lovasz_hinge_loss"}, {"tp", "tp"}, {"fp", "fp"}, {"fn", "fn"}, {"tn", "tn"},
    {"hardDice", "hard_dice"}, {"hardIou", "hard_iou"},
  };

  /** What hard labels cannot give: the losses need scores, not 0/1 decisions. */
  private static final Set<BinaryMetric> NEED_SCORES = EnumSet.of(
      BinaryMetric.BCE, BinaryMetric.BCE_DICE_LOSS, BinaryMetric.FOCAL_LOSS, BinaryMetric.COMBO_LOSS,
      BinaryMetric.LOVASZ_HINGE_LOSS);

  private final SparkSession spark;
  private final EvalConfig config;
  private final InputKind input;

  public BinaryEvaluationStage(SparkSession spark, EvalConfig config, InputKind input) {
    this.spark = spark;
    this.config = config;
    this.input = input;
  }

  public Summary run(Dataset<ImagePair> pairs, OutputDir out) {
    HadoopConf hadoopConf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    BinaryImageEvaluator evaluator = new BinaryImageEvaluator(config.binaryParams(), input,
        config.lovasz().perImage(), config.onBadRecord() == EvalConfig.BadRecordPolicy.SKIP,
        config.maxPixels(), hadoopConf);
    Dataset<BinaryImageRow> rows = pairs.mapPartitions(evaluator, Encoders.bean(BinaryImageRow.class))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      BinaryEvaluation evaluation = rows.select(new BinaryEvaluationAggregator(config.binaryParams()).toColumn()).first();
      LOG.info("per-image stage done: {} images evaluated", evaluation.images());
      Summary.Rejected rejected = Rejections.collect(rows.filter(col("rejectReason").isNotNull())
          .select(col("imageId"), col("file"), col("rejectReason")), out);
      Dataset<BinaryImageRow> good = rows.filter(col("rejectReason").isNull());
      writePerImage(good, out);
      Double globalLovasz = null;
      if (config.lovasz().global() && input != InputKind.LABELS && evaluation.images() > 0) {
        globalLovasz = GlobalLovasz.losses(pairs.javaRDD(),
            BinaryImageEvaluator.globalLovaszSource(input, config.maxPixels(), hadoopConf),
            new double[] {evaluation.dataset().targetSum()})[0];
        LOG.info("dataset-wide Lovász done");
      }
      return summary(evaluation, globalLovasz, rejected);
    } finally {
      rows.unpersist();
    }
  }

  private void writePerImage(Dataset<BinaryImageRow> good, OutputDir out) {
    List<Column> cols = new ArrayList<>();
    for (String[] c : PER_IMAGE_COLUMNS) {
      Column column = col(c[0]);
      if (c[0].equals("lovaszHingeLoss")) {
        column = nanvl(column, lit(null).cast("double"));
      }
      cols.add(column.as(c[1]));
    }
    good.select(cols.toArray(new Column[0])).orderBy("image_id")
        .write().format(config.perImageFormat().key()).option("header", "true").option("ignoreNullFields", "false")
        .save(out.staged("per_image"));
  }

  private Summary summary(BinaryEvaluation evaluation, Double globalLovasz, Summary.Rejected rejected) {
    BinaryCounts counts = evaluation.dataset();
    Map<String, Object> dataset = new LinkedHashMap<>();
    List<String> notComputable = new ArrayList<>();
    for (BinaryMetric m : BinaryMetric.values()) {
      Double v = m == BinaryMetric.LOVASZ_HINGE_LOSS ? globalLovasz : m.value(counts);
      if (input == InputKind.LABELS && NEED_SCORES.contains(m)) {
        v = null;
        notComputable.add(m.key());
      }
      dataset.put(m.key(), v == null ? null : m.isCount() ? (Object) v.longValue() : v);
    }
    Map<String, Object> perImageMean = new LinkedHashMap<>();
    evaluation.perImageMeans().forEach((k, v) -> perImageMean.put(k.key(), v));
    if (input == InputKind.LABELS || !config.lovasz().perImage()) {
      perImageMean.put("lovasz_hinge_loss", null);
    }
    Map<String, Object> params = new LinkedHashMap<>(config.binaryParams().asMap());
    return new Summary(SegEvalVersion.VERSION, "binary", input.key(), null, null,
        evaluation.images(), counts.pixels(), Summary.ordered(params), config.lovasz().key(),
        Summary.ordered(dataset), Summary.ordered(perImageMean), null, null,
        notComputable.isEmpty() ? null : List.copyOf(notComputable), rejected);
  }
}
