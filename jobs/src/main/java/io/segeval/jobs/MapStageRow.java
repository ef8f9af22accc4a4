package io.segeval.jobs;

import io.segeval.jobs.limit.SkippedRecord;

/**
 * A row of a task's map stage (BinaryImageRow, MulticlassImageRow) as the {@link EvaluationStage}
 * reads it: its {@code --group-by} key and, when it is one, the skipped record it stands for.
 */
public interface MapStageRow {
  /** The row's {@code --group-by} key, or null without grouping. */
  String getGroupKey();

  /** The skipped record this row is, or null (an image evaluated, a state row), for --max-rejected's watch. */
  SkippedRecord skipped();
}
