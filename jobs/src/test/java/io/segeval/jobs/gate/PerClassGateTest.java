package io.segeval.jobs.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --fail-under per_class.<metric>.<class>} on a real multiclass run over the public
 * reference data (C = 5; its per-class values are in testdata/mc_public/expected.json).
 */
class PerClassGateTest {
  @TempDir Path tmp;

  private CliRun evaluate(String failUnder) {
    Path data = ReferenceData.dir("mc_public");
    return CliRun.of("evaluate", "--task", "multiclass", "--num-classes", "5", "--class-names", "bg,car,road,person,sky",
        "--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString(),
        "--output", tmp.resolve("out").toString(), "--overwrite", "--fail-under", failUnder);
  }

  @Test
  void aMissedClassGateExitsThreeAfterTheResultsAreWritten() {
    // iou of class 1 (car) = 0.5655226209048362, acc of class 4 = 0.889002557544757
    CliRun run = evaluate("per_class.iou.car=0.6,per_class.acc.4=0.85,miou=0.5");
    assertEquals(3, run.exitCode(), run.err());
    assertEquals(List.of("segeval: quality gate failed: per_class.iou.car = 0.565523 is under the minimum 0.6 by 0.0344774"),
        run.err().lines().toList());
    assertEquals(0.5655226209048362, CliRun.summary(tmp.resolve("out")).get("per_class").get("iou").get(1).asDouble(), 1e-12);
    assertEquals(0, evaluate("per_class.iou.car=0.56,per_class.acc.4=0.85").exitCode());
  }

  @Test
  void aClassThatDoesNotExistIsRefusedBeforeTheRun() {
    CliRun run = evaluate("per_class.iou.bike=0.5");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("segeval: --fail-under per_class.iou.bike: no class 'bike': give a class id in [0, 5) or one of the"
        + " --class-names (bg, car, road, person, sky)", run.err().lines().findFirst().orElse(""));
    assertEquals(false, Files.exists(tmp.resolve("out/summary.json")));
  }
}
