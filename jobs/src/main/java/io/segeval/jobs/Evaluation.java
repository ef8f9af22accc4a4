package io.segeval.jobs;

import io.segeval.codec.BadRecordException;
import io.segeval.core.InputKind;
import io.segeval.jobs.binary.BinaryEvaluationStage;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.input.InputFile;
import io.segeval.jobs.input.InputPairs;
import io.segeval.jobs.input.TableInputs;
import io.segeval.jobs.multiclass.MulticlassEvaluationStage;
import io.segeval.jobs.output.MetricsTable;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.output.RunHistory;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.output.SummaryJson;
import java.time.Instant;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} action (Iceberg style): validates the configuration against the inputs,
 * runs the task's stages on Spark, writes OUTPUT through a staging folder, appends the run to the
 * {@code --history} table and returns the immutable {@link Summary}. Callers (the command line,
 * tests, a scheduler) decide what to do with it, e.g. check its quality gates; nothing here calls
 * {@code System.exit}.
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

  /** The images of a run, however they were found. */
  private record Inputs(Dataset<ImagePair> pairs, InputKind input, ImageSource source, GroupBy groupBy, boolean cached) {}

  public Summary run() {
    Instant started = Instant.now();
    OutputDir out = OutputDir.prepare(config.outputUri(), config.overwrite(), spark.sparkContext().hadoopConfiguration());
    Inputs in = null;
    try {
      HadoopConf hadoopConf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
      in = config.tables() != null ? tables(hadoopConf) : folders(hadoopConf);
      long count = in.pairs().count();
      if (count == 0) {
        throw new BadRecordException("no images found " + (config.tables() == null ? "under " : "in ") + config.inputsDescription());
      }
      Dataset<ImagePair> spread = spread(in, count);
      Summary summary = switch (config.task()) {
        case BINARY -> new BinaryEvaluationStage(config, in.input(), in.source(), in.groupBy()).run(spread, out);
        case MULTICLASS -> new MulticlassEvaluationStage(config, in.input(), in.source(), in.groupBy()).run(spread, out);
      };
      if (config.maxRejected() >= 0 && summary.rejected().count() > config.maxRejected()) {
        throw new BadRecordException(summary.rejected().count() + " records were skipped, more than --max-rejected "
            + config.maxRejected() + "; see the reasons above");
      }
      MetricsTable.write(spark, summary, in.groupBy(), out.staged("metrics"));
      out.writeStaged("summary.json", SummaryJson.toJson(summary));
      out.commit();
      LOG.info("results written to {}", out.uri());
      if (config.historyUri() != null) {
        RunHistory.append(spark, config, summary, in.groupBy(), started, out.uri());
        LOG.info("run appended to the history table {}", config.historyUri());
      }
      return summary;
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      if (in != null && in.cached()) {
        in.pairs().unpersist();
      }
    }
  }

  private Inputs folders(HadoopConf hadoopConf) {
    Dataset<InputFile> preds = InputPairs.list(spark, config.predUri());
    Dataset<InputFile> targets = InputPairs.list(spark, config.targetUri());
    GroupBy groupBy = GroupBy.forFolders(config.groupBy());
    Dataset<ImagePair> pairs = InputPairs.pair(preds, targets, groupBy).cache();
    return new Inputs(pairs, resolveInput(pairs), ImageSource.files(hadoopConf, config.maxPixels()), groupBy, true);
  }

  private Inputs tables(HadoopConf hadoopConf) {
    TableInputs.Read read = TableInputs.read(spark, config.tables(), config.groupBy(), config.input(), hadoopConf,
        config.maxPixels());
    return new Inputs(read.pairs(), read.inferredInput(), read.source(), read.groupBy(), false);
  }

  /**
   * Folders: the listed pairs spread over {@code --partitions} or about 500 images per partition.
   * Tables keep their own partitioning (their rows carry the pixels, a shuffle would move them all)
   * unless {@code --partitions} is given.
   */
  private Dataset<ImagePair> spread(Inputs in, long count) {
    if (config.tables() != null && config.partitions() == 0) {
      LOG.info("images found: {} (the table's {} partitions)", count, in.pairs().rdd().getNumPartitions());
      return in.pairs();
    }
    int partitions = config.partitions() > 0
        ? config.partitions()
        : (int) Math.max(1, Math.min(count, Math.max(2L * spark.sparkContext().defaultParallelism(), count / 500)));
    LOG.info("images found: {} ({} partitions)", count, partitions);
    return in.pairs().repartition(partitions);
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
