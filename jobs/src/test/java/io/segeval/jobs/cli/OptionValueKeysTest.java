package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.core.InputKind;
import io.segeval.core.OptionValue;
import io.segeval.jobs.config.EvalConfig.BadRecordPolicy;
import io.segeval.jobs.config.EvalConfig.LovaszMode;
import io.segeval.jobs.config.EvalConfig.PerImageFormat;
import io.segeval.jobs.config.EvalConfig.Task;
import io.segeval.jobs.config.UsageException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every option enum's keys, as users write them (README, docs, scripts, configuration files): a
 * renamed or reordered constant changes what is accepted or listed, and fails here.
 */
class OptionValueKeysTest {
  private static List<String> keys(Class<? extends OptionValue> type) {
    return Arrays.stream(type.getEnumConstants()).map(OptionValue::key).toList();
  }

  @Test
  void eachOptionEnumHasItsDocumentedKeysInOrder() {
    assertEquals(List.of("binary", "multiclass"), keys(Task.class));
    assertEquals(List.of("per-image", "global", "both"), keys(LovaszMode.class));
    assertEquals(List.of("fail", "skip"), keys(BadRecordPolicy.class));
    assertEquals(List.of("parquet", "json", "csv"), keys(PerImageFormat.class));
    assertEquals(List.of("logits", "probabilities", "labels"), keys(InputKind.class));
  }

  @Test
  void aChoiceIsItsKeyWhateverTheCaseSpacesOrUnderscore() {
    assertSame(LovaszMode.PER_IMAGE, OptionChoice.of("--lovasz", "per-image", LovaszMode.class));
    assertSame(LovaszMode.PER_IMAGE, OptionChoice.of("--lovasz", " PER_IMAGE ", LovaszMode.class));
    assertSame(InputKind.PROBABILITIES, OptionChoice.of("--input", "Probabilities", InputKind.class));
    assertSame(PerImageFormat.CSV, OptionChoice.of("--per-image-format", "csv", PerImageFormat.class));
  }

  /** An enum whose key is not the default one: it is matched and listed by that key. */
  private enum Spelled implements OptionValue {
    ONE_WAY;

    @Override
    public String key() {
      return "one_way";
    }
  }

  @Test
  void anyOptionValueEnumIsChosenAndListedByItsOwnKey() {
    assertSame(Spelled.ONE_WAY, OptionChoice.of("--way", "one-way", Spelled.class));
    UsageException e = assertThrows(UsageException.class, () -> OptionChoice.of("--way", "other", Spelled.class));
    assertEquals("--way must be one of one_way, got 'other'", e.getMessage());
  }
}
