package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.CliRun;
import io.segeval.jobs.config.EvalConfig.Task;
import io.segeval.jobs.config.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A --group-by column named as a column SegEval writes itself is refused before the run (it was
 * Spark's COLUMN_ALREADY_EXISTS when per_image/ was written, after the whole per-image stage, exit 1).
 */
class OutputColumnsTest {
  @TempDir Path tmp;

  @Test
  void aGroupColumnNamedAsAnOutputColumnIsRefused() {
    for (String name : List.of("pixels", "Pixels", "images", "dice", "hard_iou", "per_image_mean_dice", "image_id",
        "file", "reason")) {
      UsageException e = assertThrows(UsageException.class,
          () -> OutputColumns.requireNoClash(Task.BINARY, List.of("model", name)), name);
      assertTrue(e.getMessage().startsWith("--group-by " + name + ": SegEval writes a column of that name itself"),
          e.getMessage());
    }
    for (String name : List.of("miou", "ignored", "per_class", "confusion_matrix", "ce")) {
      assertThrows(UsageException.class, () -> OutputColumns.requireNoClash(Task.MULTICLASS, List.of(name)), name);
    }
  }

  @Test
  void otherNamesAndTheOtherTasksMetricsAreFine() {
    OutputColumns.requireNoClash(Task.BINARY, List.of("model", "checkpoint", "split", "image_dir", "pred_dir", "date"));
    OutputColumns.requireNoClash(Task.MULTICLASS, List.of("dice", "tp", "bce"));
  }

  @Test
  void theRunIsRefusedBeforeAnyWork() {
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("evaluate", "--table", tmp.resolve("t").toString(), "--group-by", "model,pixels",
        "--output", out.toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("segeval: --group-by pixels: SegEval writes a column of that name itself"), run.err());
    assertTrue(Files.notExists(out));
  }
}
