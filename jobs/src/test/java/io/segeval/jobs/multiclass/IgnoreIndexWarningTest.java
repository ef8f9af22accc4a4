package io.segeval.jobs.multiclass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.jobs.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ignore index that is a class id is said once: ADE20K masks (0 unlabeled, 1..150 the classes)
 * run with --ignore-index 0 against a 150-channel model are read one class off, without a bad record.
 */
class IgnoreIndexWarningTest {
  private static final String LOGGER = MulticlassTask.class.getName();

  private static List<String> warningsFor(int ignoreIndex, int numClasses) {
    return LogCapture.warningsOf(LOGGER, () -> MulticlassTask.warnIfTheIgnoreIndexIsAClass(ignoreIndex, numClasses));
  }

  @Test
  void zeroAsTheIgnoreIndexPointsToReduceZeroLabel() {
    assertEquals(List.of("WARN " + LOGGER + ": --ignore-index 0 is a class id in [0, 150): no target pixel can be of"
        + " class 0, which has IoU 0 if it is predicted anywhere (counted in miou); if the masks hold 0 for unlabeled"
        + " and 1 … 150 for the classes (ADE20K), and channel c is class c + 1, use --reduce-zero-label instead"),
        warningsFor(0, 150));
  }

  @Test
  void anotherClassIdIsSaidWithoutTheHint() {
    assertEquals(List.of("WARN " + LOGGER + ": --ignore-index 3 is a class id in [0, 19): no target pixel can be of"
        + " class 3, which has IoU 0 if it is predicted anywhere (counted in miou)"), warningsFor(3, 19));
  }

  @Test
  void anIgnoreIndexOutsideTheClassesIsNotSaid() {
    assertEquals(List.of(), warningsFor(255, 19));
    assertEquals(List.of(), warningsFor(-1, 300));
    assertEquals(List.of(), warningsFor(19, 19));
  }
}
