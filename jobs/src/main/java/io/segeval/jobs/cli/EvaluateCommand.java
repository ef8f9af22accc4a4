package io.segeval.jobs.cli;

import io.segeval.codec.MaskCodecs;
import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.config.ExplicitOptions;
import io.segeval.jobs.config.TableInput;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.evaluate.Evaluation;
import io.segeval.jobs.gate.QualityGates;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.output.ConsoleReport;
import io.segeval.jobs.output.Rejections;
import io.segeval.jobs.output.Summary;
import io.segeval.jobs.run.SparkSessions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code segeval evaluate}: the options of spec §5. Each option's value comes from the command
 * line, else from the {@code --config} file (key = the option name without dashes), else from the
 * default shown here; {@link #toConfig} turns them into one validated {@link EvalConfig}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    defaultValueProvider = ConfigFileDefaults.class,
    description = "Evaluate predicted masks against ground truth over a whole dataset.")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Commas separate values, except inside a glob's braces ({@code ckpt_{10,20}}). */
  private static final String COMMA_OUTSIDE_BRACES = ",(?![^{}]*\\})";

  @Option(names = "--pred", paramLabel = "URI", split = COMMA_OUTSIDE_BRACES, splitSynopsisLabel = ",",
      description = "Folder of predictions (<image_id>.npy or .png), any Hadoop URI. Several (repeat, comma-separate,"
          + " or a glob such as '/preds/ckpt_*'), each paired with --target on its own: add --group-by pred_dir.")
  List<String> pred;

  @Option(names = "--target", paramLabel = "URI", description = "Folder of ground-truth masks (<image_id>.png or .npy).")
  String target;

  @Option(names = "--table", paramLabel = "URI", split = COMMA_OUTSIDE_BRACES, splitSynopsisLabel = ",",
      description = "Instead of --pred/--target: a table (path or catalog name) with one row per image; repeat for several.")
  List<String> tables;

  @Option(names = "--format", defaultValue = TableInput.DEFAULT_FORMAT,
      description = "Spark format of the --table paths (an input format; the output's: --per-image-format):"
          + " parquet, orc, json, delta... (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--id-col", paramLabel = "COL", defaultValue = TableInput.DEFAULT_ID_COL, description = "Table column of the image id (default: ${DEFAULT-VALUE}).")
  String idCol;

  @Option(names = "--pred-col", paramLabel = "COL", defaultValue = TableInput.DEFAULT_PRED_COL,
      description = "Table column of the prediction: NPY/PNG bytes, or a flattened array with height and width columns (default: ${DEFAULT-VALUE}).")
  String predCol;

  @Option(names = "--target-col", paramLabel = "COL", defaultValue = TableInput.DEFAULT_TARGET_COL,
      description = "Table column of the target, as the prediction (default: ${DEFAULT-VALUE}).")
  String targetCol;

  @Option(names = "--where", paramLabel = "CONDITION",
      description = "With --table: evaluate only the rows for which this Spark SQL condition holds, e.g."
          + " \"checkpoint = 'ep40'\" (applied before anything reads the rows, so Parquet partitions are pruned).")
  String where;

  @Option(names = "--group-by", paramLabel = "COLS",
      description = "Comma-separated columns: one result per group (table columns; image_dir: the first folder of the"
          + " image_id; pred_dir: the last folder of the --pred path, one group per prediction folder).")
  String groupBy;

  @Option(names = "--output", paramLabel = "URI", description = "Output folder: summary.json, per_image/, metrics/, rejected/ (apart from the inputs).")
  String output;

  @Option(names = "--task", defaultValue = EvalConfig.Task.DEFAULT_KEY, description = "binary | multiclass (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--num-classes", paramLabel = "C", defaultValue = "0", description = "Channel count, required for multiclass.")
  int numClasses;

  @Option(names = "--ignore-index", paramLabel = "N", defaultValue = "" + MulticlassParams.DEFAULT_IGNORE_INDEX, description = "Target value to ignore, multiclass (default: ${DEFAULT-VALUE}).")
  int ignoreIndex;

  @Option(names = "--reduce-zero-label", description = "Multiclass targets whose 0 means unlabeled and classes are 1..C"
      + " (ADE20K; mmsegmentation's reduce_zero_label): target 0 is ignored and k is class k - 1.")
  boolean reduceZeroLabel;

  @Option(names = "--class-names", paramLabel = "NAMES", description = "Multiclass: comma-separated class names, one per class id (e.g. road,car,person).")
  String classNames;

  @Option(names = "--class-names-file", paramLabel = "FILE", description = "Multiclass: a text file of class names, one per line in class-id order.")
  String classNamesFile;

  @Option(names = "--input", description = "logits | probabilities | labels (default: logits for .npy, labels for .png).")
  String input;

  @Option(names = "--smooth", defaultValue = "" + BinaryParams.DEFAULT_SMOOTH, description = "Smoothing s of Dice/IoU/Tversky, >= 0 (default: ${DEFAULT-VALUE}).")
  double smooth;

  @Option(names = "--threshold", defaultValue = "" + BinaryParams.DEFAULT_THRESHOLD, description = "Positive iff p >= threshold, in (0,1) (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--tversky-alpha", defaultValue = "" + BinaryParams.DEFAULT_TVERSKY_ALPHA, description = "Tversky weight of false positives, [0,1] (default: ${DEFAULT-VALUE}).")
  double tverskyAlpha;

  @Option(names = "--tversky-beta", defaultValue = "" + BinaryParams.DEFAULT_TVERSKY_BETA, description = "Tversky weight of false negatives, [0,1] (default: ${DEFAULT-VALUE}).")
  double tverskyBeta;

  @Option(names = "--focal-alpha", defaultValue = "" + BinaryParams.DEFAULT_FOCAL_ALPHA, description = "Focal class balance, [0,1] (default: ${DEFAULT-VALUE}).")
  double focalAlpha;

  @Option(names = "--focal-gamma", defaultValue = "" + BinaryParams.DEFAULT_FOCAL_GAMMA, description = "Focal exponent, >= 0 (default: ${DEFAULT-VALUE}).")
  double focalGamma;

  @Option(names = "--combo-alpha", defaultValue = "" + BinaryParams.DEFAULT_COMBO_ALPHA, description = "Combo positive-term weight, [0,1] (default: ${DEFAULT-VALUE}).")
  double comboAlpha;

  @Option(names = "--combo-ce-ratio", defaultValue = "" + BinaryParams.DEFAULT_COMBO_CE_RATIO, description = "Combo cross-entropy weight r, [0,1] (default: ${DEFAULT-VALUE}).")
  double comboCeRatio;

  @Option(names = "--combo-eps", defaultValue = "" + BinaryParams.DEFAULT_COMBO_EPS, description = "Combo clamp of p, [1e-16,0.5) (default: ${DEFAULT-VALUE}).")
  double comboEps;

  @Option(names = "--lovasz", defaultValue = EvalConfig.LovaszMode.DEFAULT_KEY, description = "per-image | global | both (default: ${DEFAULT-VALUE}).")
  String lovasz;

  @Option(names = "--on-bad-record", defaultValue = EvalConfig.BadRecordPolicy.DEFAULT_KEY, description = "fail | skip (default: ${DEFAULT-VALUE}).")
  String onBadRecord;

  @Option(names = "--max-rejected", paramLabel = "N", defaultValue = "-1", description = "With --on-bad-record skip: fail when more than N records are skipped (default: no limit).")
  long maxRejected;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + MaskCodecs.DEFAULT_MAX_PIXELS, description = "Refuse a file or cell holding more than N values (H×W for a mask, C×H×W for a score array, D·H·W or C·D·H·W for a volume), from its header (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
  String master;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = "Spread the images over N partitions; 0: Spark's choice (default: 0).")
  int partitions;

  @Option(names = "--per-image-format", defaultValue = EvalConfig.PerImageFormat.DEFAULT_KEY, description = "parquet | json | csv (default: ${DEFAULT-VALUE}).")
  String perImageFormat;

  @Option(names = "--overwrite", description = "Replace an existing OUTPUT: an earlier SegEval output or an empty folder.")
  boolean overwrite;

  @Option(names = "--fail-under", paramLabel = "METRIC=MIN[,...]",
      description = "Quality gate: exit 3 (after writing the results) when a score is under its minimum, e.g. dice=0.85,miou=0.6;"
          + " one class (multiclass): per_class.iou.person=0.6 (a --class-names name or a class id);"
          + " images=N: fewer than N images evaluated (per group with --group-by).")
  String failUnder;

  @Option(names = "--fail-over", paramLabel = "METRIC=MAX[,...]",
      description = "Quality gate for losses: exit 3 when a loss is over its maximum, e.g. bce=0.2;"
          + " rejected=N: more than N records skipped as bad (--on-bad-record skip; per group with --group-by).")
  String failOver;

  @Option(names = "--history", paramLabel = "URI",
      description = "Append this run's metrics (one row per run and per group) to this Parquet table, partitioned by date.")
  String history;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file of option values (key = option name without dashes).")
  String config;

  @Option(names = "--verbose", description = FailureHandler.VERBOSE_HELP)
  boolean verbose;

  @Override
  public Integer call() {
    EvalConfig cfg = toConfig();
    SparkSession spark = SparkSessions.getOrCreate(cfg.master(), "segeval evaluate", verbose);
    Summary summary = new Evaluation(spark, cfg).run();
    ConsoleReport.print(summary, spec.commandLine().getOut(), cfg.gates().metrics(), cfg.where());
    spec.commandLine().getOut().println("output: " + cfg.outputUri());
    spec.commandLine().getOut().flush();
    if (summary.nothingEvaluated()) {
      // bad input (exit 1), though with skip the output is written (spec §5), every record in it
      spec.commandLine().getErr().println(Rejections.nothingEvaluatedLine(summary.rejected().count(), cfg.outputUri()));
      spec.commandLine().getErr().flush();
      return ExitCode.FAILED;
    }
    if (summary.gates() != null && !summary.gates().passed()) {
      for (String line : MissedGateLines.of(summary.gates().missedMessages(), cfg.outputUri())) {
        spec.commandLine().getErr().println(line);
      }
      spec.commandLine().getErr().flush();
      return ExitCode.GATE;
    }
    return ExitCode.OK;
  }

  /** The validated configuration; a bad value is a {@link ParameterException} naming the option. */
  public EvalConfig toConfig() {
    try {
      BinaryParams params = new BinaryParams(smooth, threshold, tverskyAlpha, tverskyBeta, focalAlpha,
          focalGamma, comboAlpha, comboCeRatio, comboEps);
      EvalConfig.Task chosenTask = OptionChoice.of("--task", task, EvalConfig.Task.class);
      TableInput tableInput = tables == null || tables.isEmpty() ? null
          : new TableInput(stripped(tables), format, idCol, predCol, targetCol, where);
      if (tableInput == null) {
        requireNotGiven(TABLE_ONLY_OPTIONS, "applies to --table input only (it would be ignored with --pred/--target)");
        requireNoWhere();
      }
      return new EvalConfig(pred == null ? null : stripped(pred), target, output,
          chosenTask,
          numClasses, ignoreIndex, reduceZeroLabel,
          input == null ? null : OptionChoice.of("--input", input, InputKind.class),
          params,
          OptionChoice.of("--lovasz", lovasz, EvalConfig.LovaszMode.class),
          OptionChoice.of("--on-bad-record", onBadRecord, EvalConfig.BadRecordPolicy.class),
          maxRejected, maxPixels, master, partitions,
          OptionChoice.of("--per-image-format", perImageFormat, EvalConfig.PerImageFormat.class),
          overwrite,
          chosenTask == EvalConfig.Task.MULTICLASS ? ClassNames.read(classNames, classNamesFile, numClasses) : null,
          tableInput,
          GroupBy.parseNames(groupBy),
          QualityGates.parse(failUnder, failOver, chosenTask),
          historyGiven(),
          explicitOptions());
    } catch (IllegalArgumentException e) { // a UsageException, or the core's refusal of a parameter (BinaryParams)
      throw new ParameterException(spec.commandLine(), ConfigFileDefaults.withSource(spec, optionNamed(e.getMessage())));
    }
  }

  /**
   * {@code --history}: an empty one on the command line removes the --config file's (a manual rerun
   * that must not append); an empty one in the file stays, and is refused (an unset variable in a
   * generated file would silently stop the history).
   */
  private String historyGiven() {
    ParseResult given = spec.commandLine().getParseResult();
    boolean onCommandLine = given != null && given.hasMatchedOption("--history");
    return onCommandLine && history != null && history.isBlank() ? null : history;
  }

  /**
   * The values of a comma-separated option without the spaces around each: {@code table = /lake/a, /lake/b}
   * in a --config file names {@code /lake/b}, not {@code " /lake/b"}.
   */
  private static List<String> stripped(List<String> values) {
    return values.stream().map(String::strip).toList();
  }

  private static final List<String> TABLE_ONLY_OPTIONS = List.of("--format", "--id-col", "--pred-col", "--target-col");

  /**
   * Why {@code --format} (the input tables' format) is no output format: {@code sql --format json}
   * prints JSON, and {@code evaluate --format json} is often meant the same way.
   */
  private static final String FORMAT_IS_NO_OUTPUT_FORMAT = "; it is the --table input's storage format, not an"
      + " output format: summary.json is always JSON, and --per-image-format parquet|json|csv sets OUTPUT/per_image/'s";

  /**
   * A non-empty {@code --where} (command line or file) without {@code --table} is refused: the
   * folders' files have no columns to filter, and ignoring it would evaluate everything.
   */
  private void requireNoWhere() {
    if (where != null && !where.isBlank()) {
      throw new UsageException("--where applies to --table input only; to evaluate some prediction folders,"
          + " select them with a glob on --pred instead (e.g. --pred '/preds/ckpt_{10,20}')");
    }
  }

  /** Refuses options given on the command line that the chosen input does not use. */
  private void requireNotGiven(List<String> options, String why) {
    ParseResult given = spec.commandLine().getParseResult();
    for (String option : options) {
      if (given != null && given.hasMatchedOption(option)) {
        throw new UsageException(option + " " + why + (option.equals("--format") ? FORMAT_IS_NO_OUTPUT_FORMAT : ""));
      }
    }
  }

  /**
   * The options set explicitly: matched on the command line, or holding a value other than their
   * documented default (the annotation's, which conf/segeval.properties repeats), which only the
   * {@code --config} file can have given.
   */
  private ExplicitOptions explicitOptions() {
    ParseResult given = spec.commandLine().getParseResult();
    Map<String, String> origins = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      if (given != null && given.hasMatchedOption(o)) {
        origins.put(o.longestName(), "");
      } else if (!OptionDefaults.atDefault(o)) {
        origins.put(o.longestName(), ConfigFileDefaults.key(o) + " = " + o.getValue()
            + " in --config " + config);
      }
    }
    return new ExplicitOptions(origins);
  }

  /** "tversky_alpha must be ..." becomes "--tversky-alpha must be ...". */
  private static String optionNamed(String message) {
    int space = message.indexOf(' ');
    String first = space < 0 ? message : message.substring(0, space);
    if (first.matches("[a-z_]+") && first.contains("_") || first.equals("smooth") || first.equals("threshold")) {
      return "--" + first.replace('_', '-') + message.substring(first.length());
    }
    return message;
  }
}
