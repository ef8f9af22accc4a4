package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.segeval.jobs.config.EvalConfig.BadRecordPolicy;
import io.segeval.jobs.config.EvalConfig.LovaszMode;
import io.segeval.jobs.config.EvalConfig.PerImageFormat;
import io.segeval.jobs.config.EvalConfig.Task;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The string constants the option annotations name cannot drift from the enums they stand for. */
class EnumOptionDefaultsTest {
  @Test
  void eachDefaultKeyIsItsEnumConstantsKey() {
    assertEquals(Task.BINARY.key(), Task.DEFAULT_KEY);
    assertEquals(LovaszMode.PER_IMAGE.key(), LovaszMode.DEFAULT_KEY);
    assertEquals(BadRecordPolicy.FAIL.key(), BadRecordPolicy.DEFAULT_KEY);
    assertEquals(PerImageFormat.PARQUET.key(), PerImageFormat.DEFAULT_KEY);
  }

  @Test
  void theCommandsShowTheEnumDefaults() {
    CommandSpec evaluate = new CommandLine(new EvaluateCommand()).getCommandSpec();
    assertEquals("binary", evaluate.findOption("--task").defaultValue());
    assertEquals("per-image", evaluate.findOption("--lovasz").defaultValue());
    assertEquals("fail", evaluate.findOption("--on-bad-record").defaultValue());
    assertEquals("parquet", evaluate.findOption("--per-image-format").defaultValue());
    assertEquals("binary", new CommandLine(new DemoCommand()).getCommandSpec().findOption("--task").defaultValue());
  }

  @Test
  void eachTasksOwnOptionIsAnOptionOfEvaluate() {
    CommandSpec evaluate = new CommandLine(new EvaluateCommand()).getCommandSpec();
    for (Task task : Task.values()) {
      for (String option : task.ownOptions()) {
        assertNotNull(evaluate.findOption(option), task.key() + ": " + option);
      }
    }
  }
}
