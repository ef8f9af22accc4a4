package io.segeval.jobs;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.jobs.binary.BinaryEvaluationStage;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.InputFile;
import io.segeval.jobs.input.InputPairs;
import io.segeval.jobs.multiclass.MulticlassEvaluationStage;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.output.SummaryJson;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} action (Iceberg style): validates the configuration against the inputs,
 * runs the task's stages on Spark, writes OUTPUT through a staging folder and returns the
 * immutable {@link Summary}. Callers (the command line, tests, a scheduler) decide what to do with
 * it; nothing here calls {@code System.exit}.
 */
public final class Evaluation {
  private static final Logger LOG = LogManager.getLogger(Evaluation.class);

  /** Upper bound on skipped items listed in summary.json; {@code OUTPUT/rejected/} has all of them. */
  public static final int MAX_REJECTED_ITEMS_IN_SUMMARY = 1000;

  private final SparkSession spark;
  private final EvalConfig config;

  public Evaluation(SparkSession spark, EvalConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public Summary run() {
    OutputDir out = OutputDir.prepare(config.outputUri(), config.overwrite(), spark.sparkContext().hadoopConfiguration());
    try {
      Dataset<InputFile> preds = InputPairs.list(spark, config.predUri());
      Dataset<InputFile> targets = InputPairs.list(spark, config.targetUri());
      Dataset<ImagePair> pairs = InputPairs.pair(preds, targets).cache();
      InputKind input = resolveInput(pairs);
      long count = pairs.count();
      if (count == 0) {
        throw new BadRecordException("no images found under " + config.predUri() + " and " + config.targetUri());
      }
      int partitions = config.partitions() > 0
          ? config.partitions()
          : (int) Math.max(1, Math.min(count, Math.max(2L * spark.sparkContext().defaultParallelism(), count / 500)));
      LOG.info("images found: {} ({} partitions)", count, partitions);
      Dataset<ImagePair> spread = pairs.repartition(partitions);
      Summary summary = switch (config.task()) {
        case BINARY -> new BinaryEvaluationStage(spark, config, input).run(spread, out);
        case MULTICLASS -> new MulticlassEvaluationStage(spark, config, input).run(spread, out);
      };
      if (config.maxRejected() >= 0 && summary.rejected().count() > config.maxRejected()) {
        throw new BadRecordException(summary.rejected().count() + " records were skipped, more than --max-rejected "
            + config.maxRejected() + "; see the reasons above");
      }
      out.writeStaged("summary.json", SummaryJson.toJson(summary));
      out.commit();
      LOG.info("results written to {}", out.uri());
      pairs.unpersist();
      return summary;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  /** --input, or from the paired prediction files: .npy holds logits, .png holds labels. */
  private InputKind resolveInput(Dataset<ImagePair> pairs) {
    if (config.input() != null) {
      return config.input();
    }
    List<String> exts = InputPairs.predictionExtensions(pairs);
    boolean npy = exts.contains(".npy");
    boolean png = exts.contains(".png");
    if (npy && png) {
      throw new IllegalArgumentException(
          "the predictions mix .npy and .png files; say what they hold with --input logits|probabilities|labels");
    }
    return png ? InputKind.LABELS : InputKind.LOGITS;
  }
}
