package io.segeval.jobs.config;

import io.segeval.core.InputKind;
import io.segeval.core.OptionValue;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.jobs.config.PathsByOption.PathOption;
import io.segeval.jobs.gate.QualityGates;
import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.OutputColumns;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code evaluate} run needs, typed and validated: the single place where the
 * job's configuration lives. Built by the command line ({@code EvaluateCommand}), whose values
 * take precedence over a {@code --config} file, which takes precedence over the option defaults
 * (the constants of {@link BinaryParams}, {@link MulticlassParams} and {@code MaskCodecs} that
 * {@code EvaluateCommand}'s annotations name).
 *
 * @param reduceZeroLabel multiclass only: target 0 is the ignore index and k the class k − 1
 *     ({@code --reduce-zero-label}, as mmsegmentation's {@code reduce_zero_label})
 * @param predUris the {@code --pred} folders (each may be a Hadoop glob), empty with {@code --table}
 * @param input null means: decide from the prediction files (.npy logits, .png labels)
 * @param partitions 0 means SegEval's choice: folders about 500 images per partition and at least
 *     two per core ({@code InputPairs.partitions}), tables their own partitioning
 * @param classNames multiclass only: one name per class id (null: no names)
 * @param tables the tables to read instead of the {@code --pred}/{@code --target} folders, or null
 * @param groupBy the {@code --group-by} column names (empty: no grouping)
 * @param gates the {@code --fail-under}/{@code --fail-over} quality gates
 * @param historyUri the {@code --history} table to append this run's rows to, or null
 * @param explicit the options the user set (command line, or a non-default value in the
 *     {@code --config} file): the other task's are refused, not silently ignored
 */
public record EvalConfig(
    List<String> predUris,
    String targetUri,
    String outputUri,
    Task task,
    int numClasses,
    int ignoreIndex,
    boolean reduceZeroLabel,
    InputKind input,
    BinaryParams binaryParams,
    LovaszMode lovasz,
    BadRecordPolicy onBadRecord,
    long maxRejected,
    long maxPixels,
    String master,
    int partitions,
    PerImageFormat perImageFormat,
    boolean overwrite,
    List<String> classNames,
    TableInput tables,
    List<String> groupBy,
    QualityGates gates,
    String historyUri,
    ExplicitOptions explicit) {

  public EvalConfig {
    predUris = predUris == null ? List.of() : List.copyOf(predUris);
    if (tables == null) {
      require(!predUris.isEmpty(), "--pred is required (or --table)");
      require(predUris.stream().noneMatch(String::isBlank), "--pred must not name an empty folder: " + predUris);
      require(targetUri != null && !targetUri.isBlank(), "--target is required (or --table)");
    } else {
      require(predUris.isEmpty() && targetUri == null, "--table replaces --pred and --target; give one or the other");
    }
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    OutputColumns.requireNoClash(task, groupBy);
    gates = gates == null ? QualityGates.NONE : gates;
    require(historyUri == null || !historyUri.isBlank(), "--history must not be empty");
    require(outputUri != null && !outputUri.isBlank(), "--output is required");
    explicit = explicit == null ? ExplicitOptions.NONE : explicit;
    requireNoOptionOfTheOtherTask(task, explicit);
    require(task != Task.MULTICLASS || numClasses >= 2,
        "--num-classes is required for --task multiclass and must be >= 2");
    require(numClasses <= MulticlassParams.MAX_CLASSES,
        "--num-classes must be at most " + MulticlassParams.MAX_CLASSES + ", got " + numClasses);
    require(partitions >= 0, "--partitions must be >= 0 (0: Spark's choice), got " + partitions);
    require(maxPixels > 0, "--max-pixels must be > 0, got " + maxPixels);
    require(maxRejected >= -1, "--max-rejected must be >= 0 (or -1: no limit), got " + maxRejected);
    // the default ignore index, 255, is a class id from C = 256 on: its pixels would be dropped unasked
    require(task != Task.MULTICLASS || explicit.contains("--ignore-index") || ignoreIndex < 0 || ignoreIndex >= numClasses,
        "--num-classes " + numClasses + " makes the default --ignore-index " + ignoreIndex + " a class id, whose pixels"
            + " would be left out: give --ignore-index explicitly (-1 if no target value is to be ignored)");
    // 0 becomes the ignore index and 1 becomes class 0: an ignore index that is a class id would swallow one
    require(!reduceZeroLabel || ignoreIndex < 0 || ignoreIndex >= numClasses, "--reduce-zero-label makes target 0"
        + " the ignore index and k the class k - 1, so --ignore-index " + ignoreIndex + " must not be a class id (use 255,"
        + " or -1)");
    require(maxRejected == -1 || onBadRecord == BadRecordPolicy.SKIP,
        "--max-rejected applies to --on-bad-record skip only (with fail, the first bad record stops the run)");
    // with fail no record is ever skipped: the gate would pass whatever the input
    require(!gates.metrics().contains(GroupSummary.REJECTED) || onBadRecord == BadRecordPolicy.SKIP,
        "--fail-over rejected=N applies to --on-bad-record skip only (with fail, the first bad record stops the run)");
    if (classNames != null) {
      require(classNames.size() == numClasses, "--class-names gives " + classNames.size()
          + " names but --num-classes is " + numClasses);
      for (int c = 0; c < classNames.size(); c++) {
        require(classNames.get(c) != null && !classNames.get(c).isBlank(), "--class-names: the name of class " + c + " is empty");
      }
      classNames = List.copyOf(classNames);
    }
    if (task == Task.MULTICLASS) {
      gates = gates.withClassIds(numClasses, classNames);
    }
    gates.requireComputable(task, lovasz, input);
  }

  /** An option that only the other task uses, set explicitly, is refused (it would be ignored). */
  private static void requireNoOptionOfTheOtherTask(Task task, ExplicitOptions explicit) {
    for (Task other : Task.values()) {
      for (String option : other == task ? List.<String>of() : other.ownOptions()) {
        require(!explicit.contains(option), option + " is only for --task " + other.key() + explicit.where(option));
      }
    }
  }

  /**
   * Checks the gates against the predictions' kind once it is known, when it was not configured
   * ({@code input} null: decided from the files or the table, before the evaluation).
   */
  public void requireGatesComputable(InputKind resolvedInput) {
    gates.requireComputable(task, lovasz, resolvedInput);
  }

  /** The paths OUTPUT must stay apart from ("--pred URI" → URI): the inputs and the history table. */
  public Map<String, String> pathsApartFromOutput() {
    return inputsAndHistory().toMap();
  }

  /** The {@code --pred} folders and {@code --target}, or the {@code --table}s; then {@code --history}. */
  private PathsByOption inputsAndHistory() {
    PathsByOption paths = new PathsByOption();
    if (tables == null) {
      paths.addAll(PathOption.PRED, predUris).add(PathOption.TARGET, targetUri);
    } else {
      paths.addAll(PathOption.TABLE, tables.uris());
    }
    if (historyUri != null) {
      paths.add(PathOption.HISTORY, historyUri);
    }
    return paths;
  }

  /** Every URI the run reads or writes ("--pred URI" → URI): the inputs, the history table and OUTPUT. */
  public Map<String, String> uris() {
    return inputsAndHistory().add(PathOption.OUTPUT, outputUri).toMap();
  }

  /** What the inputs are, for messages and the history: the folders or the tables. */
  public String inputsDescription() {
    return tables == null ? String.join(", ", predUris) + " and " + targetUri : String.join(", ", tables.uris());
  }

  /** The {@code --where} the tables' rows are filtered with, or null (none, or folders). */
  public String where() {
    return tables == null ? null : tables.where();
  }

  /** The multiclass engine's parameters: C, the ignore index, {@code --smooth} and the resolved input. */
  public MulticlassParams multiclassParams(InputKind resolvedInput) {
    return new MulticlassParams(numClasses, ignoreIndex, binaryParams.smooth(), resolvedInput);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new UsageException(message);
    }
  }

  /** The task: binary (one foreground class) or multiclass (spec §2, §3). */
  public enum Task implements OptionValue {
    BINARY, MULTICLASS;

    /** {@link #BINARY}'s key, the {@code --task} default (a constant: annotations name it). */
    public static final String DEFAULT_KEY = "binary";

    /** The options only this task uses ({@code --smooth}, {@code --input} and the rest serve both). */
    public List<String> ownOptions() {
      return switch (this) {
        case BINARY -> List.of("--threshold", "--tversky-alpha", "--tversky-beta", "--focal-alpha", "--focal-gamma",
            "--combo-alpha", "--combo-ce-ratio", "--combo-eps");
        case MULTICLASS -> List.of("--num-classes", "--ignore-index", "--reduce-zero-label", "--class-names",
            "--class-names-file");
      };
    }
  }

  /** Which Lovász variants to compute (spec §5 {@code --lovasz}). */
  public enum LovaszMode implements OptionValue {
    PER_IMAGE, GLOBAL, BOTH;

    /** {@link #PER_IMAGE}'s key, the {@code --lovasz} default (a constant: annotations name it). */
    public static final String DEFAULT_KEY = "per-image";

    public boolean perImage() {
      return this != GLOBAL;
    }

    public boolean global() {
      return this != PER_IMAGE;
    }
  }

  /** What to do with a record that cannot be evaluated. */
  public enum BadRecordPolicy implements OptionValue {
    FAIL, SKIP;

    /** {@link #FAIL}'s key, the {@code --on-bad-record} default (a constant: annotations name it). */
    public static final String DEFAULT_KEY = "fail";

    /** Whether a bad record becomes a rejected row (skip) rather than stopping the run (fail). */
    public boolean skips() {
      return this == SKIP;
    }
  }

  /** Format of {@code OUTPUT/per_image/}. */
  public enum PerImageFormat implements OptionValue {
    PARQUET, JSON, CSV;

    /** {@link #PARQUET}'s key, the {@code --per-image-format} default (a constant: annotations name it). */
    public static final String DEFAULT_KEY = "parquet";
  }
}
