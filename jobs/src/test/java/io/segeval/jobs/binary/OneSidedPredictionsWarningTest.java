package io.segeval.jobs.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import io.segeval.jobs.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Probabilities read as logits (the default input) put every pixel on one side of the threshold:
 * said once when the targets hold both classes, so the silent pitfall has a word.
 */
class OneSidedPredictionsWarningTest {
  private static final String LOGGER = BinaryTask.class.getName();

  private static List<String> warningsFor(InputKind input, long tp, long fp, long fn, long tn) {
    long n = tp + fp + fn + tn;
    BinaryCounts counts = BinaryCounts.of(BinaryParams.DEFAULTS, n, 0, 0, 0, 0, 0, 0, tp, fp, fn, tn);
    return LogCapture.warningsOf(LOGGER, () -> BinaryTask.warnIfEveryPixelIsOnOneSide(input, counts));
  }

  @Test
  void everyPixelPositiveOrNegativeWithBothClassesInTheTargetsIsSaid() {
    assertEquals(List.of("WARN " + LOGGER + ": every one of the 100 pixels is predicted positive (tp = 30, fp = 70,"
        + " fn = 0, tn = 0): if the predictions are probabilities (or 0/1 masks) rather than logits, give --input"
        + " probabilities (or --input labels)"), warningsFor(InputKind.LOGITS, 30, 70, 0, 0));
    // --threshold 0.9 puts the logit threshold at 2.2, above every probability
    assertEquals(List.of("WARN " + LOGGER + ": every one of the 100 pixels is predicted negative (tp = 0, fp = 0,"
        + " fn = 30, tn = 70): if the predictions are probabilities (or 0/1 masks) rather than logits, give --input"
        + " probabilities (or --input labels)"), warningsFor(InputKind.LOGITS, 0, 0, 30, 70));
  }

  @Test
  void mixedPredictionsOneClassTargetsAndOtherInputsAreNotSaid() {
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 25, 5, 5, 65));
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 100, 0, 0, 0)); // all foreground, all found
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 0, 0, 0, 100)); // nothing to find, nothing found
    assertEquals(List.of(), warningsFor(InputKind.PROBABILITIES, 30, 70, 0, 0));
    assertEquals(List.of(), warningsFor(InputKind.LOGITS, 0, 0, 0, 0));
  }
}
