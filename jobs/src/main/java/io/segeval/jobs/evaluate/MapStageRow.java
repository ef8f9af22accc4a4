package io.segeval.jobs.evaluate;

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

  /**
   * Whether this row is of an image evaluated as a 3-D volume (true) or a 2-D image (false); null
   * for a skipped record or a state row. Read where the row is made ({@link EvaluatedShapes}), not
   * kept in the stage's rows.
   */
  default Boolean volume() {
    return null;
  }
}
