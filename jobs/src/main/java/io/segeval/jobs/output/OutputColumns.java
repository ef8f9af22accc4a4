package io.segeval.jobs.output;

import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.jobs.binary.BinaryImageRow;
import io.segeval.jobs.config.EvalConfig.Task;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.multiclass.MulticlassImageRow;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The columns SegEval writes beside the {@code --group-by} columns, which lead the rows of
 * {@code OUTPUT/per_image/}, {@code OUTPUT/metrics/} and {@code OUTPUT/rejected/}: a group column
 * of one of these names would be a second column of that name, which Spark refuses (names ignore
 * case) only when it writes, after the whole evaluation. {@link #requireNoClash} refuses it before
 * the run.
 */
public final class OutputColumns {
  private OutputColumns() {}

  /** metrics/ (and the history): the counts and the multiclass columns besides the metrics. */
  private static final List<String> METRICS_TABLE = List.of("images", "pixels", MetricsTable.PER_CLASS.name(),
      MetricsTable.CONFUSION_MATRIX.name());

  /** The columns of a task's outputs, in lower case; any {@code per_image_mean_*} name is one too. */
  static Set<String> of(Task task) {
    Stream<PerImageColumn> perImage = Arrays.stream(task == Task.BINARY
        ? BinaryImageRow.Column.values() : MulticlassImageRow.Column.values());
    Stream<String> dataset = task == Task.BINARY
        ? Arrays.stream(BinaryMetric.values()).map(BinaryMetric::key)
        : Arrays.stream(MulticlassMetric.values()).map(MulticlassMetric::key);
    Set<String> names = new TreeSet<>(METRICS_TABLE);
    names.addAll(Rejections.COLUMNS);
    perImage.map(PerImageColumn::key).forEach(names::add);
    dataset.forEach(names::add);
    return names;
  }

  /** Refuses a group column named as one SegEval writes for {@code task} (exit 2, before the run). */
  public static void requireNoClash(Task task, List<String> groupBy) {
    Set<String> taken = of(task);
    for (String name : groupBy) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (taken.contains(lower) || lower.startsWith(MetricsTable.PER_IMAGE_MEAN)) {
        throw new UsageException("--group-by " + name + ": SegEval writes a column of that name itself (in"
            + " OUTPUT/per_image/, metrics/ or rejected/, where the group columns lead each row; names ignore case),"
            + " so the two would collide: group by a column of another name");
      }
    }
  }
}
