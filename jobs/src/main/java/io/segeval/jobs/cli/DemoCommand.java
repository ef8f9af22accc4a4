package io.segeval.jobs.cli;

import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.demo.DemoDataset;
import io.segeval.jobs.demo.MulticlassDemoDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segeval demo}: makes a small realistic dataset in a temporary folder and evaluates it
 * with {@code evaluate}, printing the summary: the README's first command.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a small sample dataset and evaluate it.")
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--task", defaultValue = EvalConfig.Task.DEFAULT_KEY, description = "binary | multiclass (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--images", defaultValue = "40", description = "Number of images, at least 1 (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--size", defaultValue = "0", description = "Square image size in pixels (default: varied sizes, 96-160 x 128-192 binary, 64-112 x 80-128"
      + " multiclass).")
  int size;

  @Option(names = "--generate-only", description = "Write the dataset and stop (for benchmarks).")
  boolean generateOnly;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the dataset and results (default: a new temporary folder).")
  Path dir;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
  String master;

  @Override
  public Integer call() throws Exception {
    if (images < 1) {
      throw new ParameterException(spec.commandLine(), "--images must be at least 1, got " + images);
    }
    if (size < 0) {
      throw new ParameterException(spec.commandLine(),
          "--size must be >= 0 (0: varied sizes), got " + size);
    }
    if (dir != null && Files.isDirectory(dir) && !isEmpty(dir)) {
      // a second demo's files would mix with the first one's (another task, other sizes)
      throw new ParameterException(spec.commandLine(),
          "--dir " + dir + " is not empty; the demo writes a new dataset: give a new or empty folder");
    }
    EvalConfig.Task chosenTask = OptionChoice.of("--task", task, EvalConfig.Task.class);
    Path root = dir != null ? dir : Files.createTempDirectory("segeval-demo-");
    List<String> args = new ArrayList<>(List.of("evaluate",
        "--pred", root.resolve("pred").toString(),
        "--target", root.resolve("mask").toString(),
        "--output", root.resolve("results").toString(),
        "--lovasz", "both", "--overwrite"));
    switch (chosenTask) {
      case BINARY -> {
        DemoDataset.write(root, images, 42L, size);
        spec.commandLine().getOut().println("demo dataset: " + images + " binary images under " + root);
      }
      case MULTICLASS -> {
        MulticlassDemoDataset.write(root, images, 42L, size);
        spec.commandLine().getOut().println("demo dataset: " + images + " multiclass images (C = "
            + MulticlassDemoDataset.NUM_CLASSES + ", edges ignored with 255, some targets palette PNGs) under " + root);
        args.addAll(List.of("--task", "multiclass",
            "--num-classes", Integer.toString(MulticlassDemoDataset.NUM_CLASSES),
            "--class-names", String.join(",", MulticlassDemoDataset.CLASS_NAMES)));
      }
    }
    spec.commandLine().getOut().flush();
    if (generateOnly) {
      return ExitCode.OK;
    }
    if (master != null) {
      args.add("--master");
      args.add(master);
    }
    return SegEvalMain.run(spec.commandLine().getOut(), spec.commandLine().getErr(), args.toArray(new String[0]));
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    }
  }
}
