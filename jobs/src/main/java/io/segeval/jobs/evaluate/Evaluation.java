package io.segeval.jobs.evaluate;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.InputKind;
import io.segeval.jobs.binary.BinaryTask;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.config.PathsByOption;
import io.segeval.jobs.config.PathsByOption.PathOption;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.input.FileSystemSupport;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.input.InputFoldersApart;
import io.segeval.jobs.input.InputPairs;
import io.segeval.jobs.input.PairProblems;
import io.segeval.jobs.input.PredFolders;
import io.segeval.jobs.input.TableInputs;
import io.segeval.jobs.input.TableReadBatch;
import io.segeval.jobs.limit.MaxRejected;
import io.segeval.jobs.multiclass.MulticlassTask;
import io.segeval.jobs.output.MetricsTable;
import io.segeval.jobs.output.OutputDir;
import io.segeval.jobs.output.RunHistory;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.output.SummaryJson;
import io.segeval.jobs.run.RunJobs;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evaluate} action (Iceberg style): validates the configuration against the inputs,
 * runs the task's stages on Spark, writes OUTPUT through a staging folder, appends the run to the
 * {@code --history} table and returns the immutable {@link Summary}, with the outcomes of its
 * quality gates ({@link Summary#gates}). Callers (the command line, tests, a scheduler) decide what
 * to do with them; nothing here calls {@code System.exit}.
 */
public final class Evaluation {
  private static final Logger LOG = LogManager.getLogger(Evaluation.class);

  private final SparkSession spark;
  private final EvalConfig config;

  public Evaluation(SparkSession spark, EvalConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * The images of a run, however they were found: the pairs spread for the per-image stage, how
   * many, the predictions' input kind, where the executors read them, the grouping, whether
   * they already come in the per-image output's order (folders: sorted on the driver), and the
   * tables' row count before {@code --where} (null for folders).
   */
  private record Inputs(Dataset<ImagePair> pairs, long count, InputKind input, ImageSource source, GroupBy groupBy,
      boolean inOutputOrder, LongSupplier tableRows) {}

  public Summary run() {
    Instant started = Instant.now();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystemSupport.require(conf, config.uris());
    if (config.historyUri() != null) {
      RunHistory.requireAppendable(spark, config.historyUri(), config.task().key());
    }
    // globs expanded before OUTPUT exists, which they could otherwise match
    PredFolders predFolders = config.tables() != null ? null
        : PredFolders.resolve(conf, config.predUris(), GroupBy.forFolders(config.groupBy()));
    if (predFolders != null) {
      InputFoldersApart.require(conf, predFolders.uris(), config.targetUri());
    }
    OutputDir out = OutputDir.prepare(config.outputUri(), config.overwrite(), conf, pathsApartFromOutput(predFolders));
    return RunJobs.writingInto(spark.sparkContext(), "evaluate", out, () -> evaluate(out, predFolders, started));
  }

  /** The configuration's inputs and history, and the folders a {@code --pred} glob matched. */
  private Map<String, String> pathsApartFromOutput(PredFolders predFolders) {
    PathsByOption paths = new PathsByOption(config.pathsApartFromOutput());
    if (predFolders != null) {
      paths.addAll(PathOption.PRED, predFolders.uris());
    }
    return paths.toMap();
  }

  /**
   * Finds the inputs (in {@code predFolders} and {@code --target}, or the tables when it is null)
   * and evaluates them.
   */
  private Summary evaluate(OutputDir out, PredFolders predFolders, Instant started) {
    HadoopConf hadoopConf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    if (predFolders != null) {
      return evaluate(out, predFolders, started, folders(hadoopConf, predFolders));
    }
    // Spark's Parquet reader would decode a whole row group of arrays per task: smaller batches for the run
    try (TableReadBatch batch = new TableReadBatch(spark)) {
      return evaluate(out, null, started, tables(hadoopConf, batch));
    }
  }

  /**
   * Runs the task's stage over {@code in}, claims the history table for the task, commits OUTPUT
   * and appends the history rows.
   */
  private Summary evaluate(OutputDir out, PredFolders predFolders, Instant started, Inputs in) {
    config.requireGatesComputable(in.input());
    if (in.count() == 0) {
      throw new BadRecordException(noImagesFound(in));
    }
    LOG.info("images found: {} ({} partitions)", String.format(Locale.ROOT, "%,d", in.count()),
        in.pairs().rdd().getNumPartitions());
    EvaluationTask<?, ?> task = switch (config.task()) {
      case BINARY -> new BinaryTask(config, in.input(), in.source());
      case MULTICLASS -> new MulticlassTask(config, in.input(), in.source());
    };
    // the gates' outcomes are part of summary.json: checked before it is written
    Summary summary = config.gates().withOutcomes(new EvaluationStage<>(task, config, in.groupBy(), in.inOutputOrder())
        .run(in.pairs(), in.count(), out));
    RunJobs.step("writing " + MetricsTable.FOLDER + "/");
    MetricsTable.write(spark, summary, in.groupBy(), out.staged(MetricsTable.FOLDER));
    out.writeStaged(OutputDir.SUMMARY, SummaryJson.toJson(summary));
    // a run whose every record was skipped exits 1 (EvaluateCommand): its output, but no history row
    boolean appendHistory = config.historyUri() != null && !summary.nothingEvaluated();
    if (appendHistory) {
      // before OUTPUT is committed: a run that loses a new table to a run of the other task writes nothing
      RunHistory.claim(spark.sparkContext().hadoopConfiguration(), config.historyUri(), config.task().key());
    }
    out.commit();
    LOG.info("results written to {}", out.uri());
    if (appendHistory) {
      RunJobs.step("appending the run to the history table " + config.historyUri());
      RunHistory.append(spark, config, predFolders == null ? List.of() : predFolders.uris(), summary, started,
          out.uri());
      LOG.info("run appended to the history table {}", config.historyUri());
    }
    return summary;
  }

  /**
   * Folders: listed and paired on the driver (each prediction folder with the target folder),
   * spread over {@code --partitions} or about 500 images per partition.
   */
  private Inputs folders(HadoopConf hadoopConf, PredFolders predFolders) {
    GroupBy groupBy = GroupBy.forFolders(config.groupBy());
    List<ImagePair> pairs = InputPairs.pair(predFolders.list(hadoopConf.get()),
        InputPairs.list(hadoopConf.get(), config.targetUri()), groupBy);
    if (config.onBadRecord() == EvalConfig.BadRecordPolicy.FAIL) {
      PairProblems.failOnAny(pairs, groupBy); // before any Spark job, every problem pair of every folder counted
    } else {
      MaxRejected.requirePairingUnder(pairs, config.maxRejected(), groupBy); // before any Spark job too
    }
    int partitions = InputPairs.partitions(spark, pairs.size(), config.partitions());
    return new Inputs(InputPairs.toDataset(spark, pairs, partitions), pairs.size(), resolveInput(pairs),
        ImageSource.files(hadoopConf, config.maxPixels()), groupBy, true, null);
  }

  /**
   * Tables keep their own partitioning (their rows carry the pixels, a shuffle would move them all)
   * unless {@code --partitions} is given.
   */
  private Inputs tables(HadoopConf hadoopConf, TableReadBatch batch) {
    TableInputs.Read read = TableInputs.read(spark, config.tables(), config.groupBy(), config.input(), hadoopConf,
        config.maxPixels());
    RunJobs.step("counting the tables' images");
    long count = read.pairs().count();
    if (config.tables().format().equalsIgnoreCase("parquet")) { // ORC's reader has a setting of its own
      batch.choose(read.bytes(), count); // before the per-image stage plans its scan
    }
    Dataset<ImagePair> pairs = config.partitions() > 0 ? read.pairs().repartition(config.partitions()) : read.pairs();
    return new Inputs(pairs, count, read.inferredInput(), read.source(), read.groupBy(), false, read.tableRows());
  }

  /** Why a run has no image: its inputs hold none, or {@code --where} kept none of the tables' rows. */
  private Reason noImagesFound(Inputs in) {
    if (config.tables() == null) {
      return Reason.of("no images found under {}", config.inputsDescription());
    }
    long tableRows = config.where() == null ? 0 : in.tableRows().getAsLong();
    if (tableRows == 0) { // no --where, or tables of no rows, which no --where empties
      return Reason.of("no images found in {}", config.inputsDescription());
    }
    return Reason.of("no images found in {}: the --where left none of {} rows", config.inputsDescription(),
        tableRows);
  }

  /** --input, or from the paired prediction files: .npy holds logits, .png holds labels. */
  private InputKind resolveInput(List<ImagePair> pairs) {
    if (config.input() != null) {
      return config.input();
    }
    Set<String> exts = InputPairs.extensions(pairs, true);
    boolean npy = exts.contains(".npy");
    boolean png = exts.contains(".png");
    if (npy && png) {
      throw new UsageException(
          "the predictions mix .npy and .png files; say what they hold with --input logits|probabilities|labels");
    }
    return png ? InputKind.LABELS : InputKind.LOGITS;
  }
}
