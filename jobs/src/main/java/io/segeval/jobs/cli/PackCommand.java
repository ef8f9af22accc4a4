package io.segeval.jobs.cli;

import io.segeval.codec.MaskCodecs;
import io.segeval.jobs.pack.ConstantColumns;
import io.segeval.jobs.pack.FolderPacker;
import io.segeval.jobs.run.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segeval pack}: a folder dataset as a Parquet table that {@code evaluate --table} reads
 * ({@link FolderPacker}), e.g. to keep a model's predictions in the data lake with its name.
 */
@Command(name = "pack", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Turn a folder dataset (--pred, --target) into a Parquet table of one row per image.")
public final class PackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--pred", paramLabel = "URI", required = true, description = "Folder of predictions, as for evaluate.")
  String pred;

  @Option(names = "--target", paramLabel = "URI", required = true, description = "Folder of targets, as for evaluate.")
  String target;

  @Option(names = "--output", paramLabel = "URI", required = true, description = "The Parquet table to write.")
  String output;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Add a constant string column, e.g. model=unet-v3 (repeatable; each column once, names ignore case).")
  List<String> constants = new ArrayList<>();

  @Option(names = "--as-arrays", description = "Decoded flattened arrays with height, width and channels columns, instead of the files' bytes.")
  boolean asArrays;

  @Option(names = "--overwrite", description = "Replace an existing table (a Parquet table or an empty folder).")
  boolean overwrite;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + MaskCodecs.DEFAULT_MAX_PIXELS, description = "Refuse a file holding more than N values (H×W for a mask, C×H×W for a score array, D·H·W or C·D·H·W for a volume), from its header (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = "Write N files (default: about 500 images per file, at least two per core).")
  int partitions;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
  String master;

  @Option(names = "--verbose", description = FailureHandler.VERBOSE_HELP)
  boolean verbose;

  @Override
  public Integer call() {
    Map<String, String> columns = ConstantColumns.parse(constants);
    if (maxPixels <= 0 || partitions < 0) {
      throw new ParameterException(spec.commandLine(), "--max-pixels must be > 0 and --partitions >= 0");
    }
    SparkSession spark = SparkSessions.getOrCreate(master, "segeval pack", verbose);
    long images = FolderPacker.pack(spark, new FolderPacker.Request(pred, target, output, columns, asArrays,
        overwrite, maxPixels, partitions));
    spec.commandLine().getOut().println("packed " + images + " images into " + output
        + (asArrays ? " (arrays)" : " (NPY/PNG bytes)"));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
