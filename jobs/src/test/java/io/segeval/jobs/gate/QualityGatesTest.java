package io.segeval.jobs.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.jobs.config.EvalConfig;
import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.Summary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing {@code --fail-under}/{@code --fail-over} and checking them on a summary, without Spark. */
class QualityGatesTest {

  private static Map<String, Object> values(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static Summary summary(Map<String, Object> dataset, Map<String, Object> perImageMean, List<GroupSummary> groups) {
    return new Summary("test", "binary", "logits", null, null, 2, 8, Map.of(), "per-image", dataset, perImageMean,
        null, null, null, Summary.Rejected.NONE, null, groups == null ? null : List.of("split"), groups);
  }

  private static String refusal(String failUnder, String failOver) {
    return assertThrows(IllegalArgumentException.class, () -> QualityGates.parse(failUnder, failOver, EvalConfig.Task.BINARY))
        .getMessage();
  }

  @Test
  void theLossesAreExactlyTheMetricsWhereLowerIsBetter() {
    Map<String, Boolean> binary = GateMetrics.of(EvalConfig.Task.BINARY);
    assertEquals(List.of("dice_loss", "iou_loss", "tversky_loss", "bce", "bce_dice_loss", "focal_loss", "combo_loss",
        "lovasz_hinge_loss", "per_image_mean.lovasz_hinge_loss"),
        binary.keySet().stream().filter(binary::get).toList());
    Map<String, Boolean> multiclass = GateMetrics.of(EvalConfig.Task.MULTICLASS);
    assertEquals(List.of("ce", "soft_dice_loss", "lovasz_softmax_loss", "per_image_mean.lovasz_softmax_loss"),
        multiclass.keySet().stream().filter(multiclass::get).toList());
  }

  @Test
  void badGatesAreRefusedNamingTheOption() {
    assertEquals("--fail-under: expected metric=value, got 'dice'", refusal("dice", null));
    assertEquals("--fail-under: dice_loss is a loss (lower is better); use --fail-over dice_loss=MAX",
        refusal("dice_loss=0.2", null));
    assertEquals("--fail-over: iou is a score (higher is better); use --fail-under iou=MIN", refusal(null, "iou=0.2"));
    assertEquals("--fail-over: bce must be a number, got 'low'", refusal(null, "bce=low"));
    assertEquals("--fail-under: dice must be finite, got NaN", refusal("dice=NaN", null));
    assertEquals("--fail-under: unknown binary metric 'miou'", refusal("miou=0.5", null).split(" \\(one of")[0]);
  }

  @Test
  void passingGatesMissNothing() {
    QualityGates gates = QualityGates.parse("dice=0.8, per_image_mean.iou=0.5", "bce=0.2,fp=10", EvalConfig.Task.BINARY);
    Summary s = summary(values("dice", 0.8, "bce", 0.19, "fp", 10L), values("iou", 0.51), null);
    assertEquals(List.of(), gates.check(s), "a value equal to its limit passes");
  }

  @Test
  void everyMissedGateIsOneMessage() {
    QualityGates gates = QualityGates.parse("dice=0.85,precision=0.5", "bce=0.1,fp=3", EvalConfig.Task.BINARY);
    Summary s = summary(values("dice", 0.818882, "bce", 0.15, "fp", 4L, "precision", null), values(), null);
    assertEquals(List.of(
        "dice = 0.818882 is under the minimum 0.85 by 0.031118",
        "precision is null (undefined: its denominator is 0), so it cannot pass --fail-under precision=0.5",
        "bce = 0.15 is over the maximum 0.1 by 0.05",
        "fp = 4 is over the maximum 3 by 1"), gates.check(s));
  }

  @Test
  void aValueJustUnderItsLimitIsShownWithTheDigitsThatTellThemApart() {
    QualityGates gates = QualityGates.parse("dice=0.8818043581,iou=0.85", "bce=0.1", EvalConfig.Task.BINARY);
    Summary s = summary(values("dice", 0.8818043579827357, "iou", 0.8499999, "bce", 0.10000004), values(), null);
    // was "dice = 0.881804 is under the minimum 0.881804 by 1.17264e-10"
    assertEquals(List.of(
        "dice = 0.881804358 is under the minimum 0.8818043581 by 1.17264e-10",
        "iou = 0.8499999 is under the minimum 0.85 by 1e-07",
        "bce = 0.10000004 is over the maximum 0.1 by 4e-08"), gates.check(s));
  }

  @Test
  void withGroupsEveryGroupMustPass() {
    QualityGates gates = QualityGates.parse("dice=0.8", null, EvalConfig.Task.BINARY);
    List<GroupSummary> groups = List.of(
        new GroupSummary(Map.of("split", "train"), 1, 4, 0, values("dice", 0.9), values(), null, null),
        new GroupSummary(Map.of("split", "val"), 1, 4, 0, values("dice", 0.7), values(), null, null));
    Summary s = summary(values("dice", 0.8), values(), groups);
    assertEquals(List.of("dice = 0.7 is under the minimum 0.8 by 0.1 (group split=val)"), gates.check(s));
  }

  @Test
  void aGroupWhosePixelsAreAllIgnoredSaysSoInsteadOfNotComputed() {
    // multiclass: group b's images were evaluated, but every target pixel is the ignore index
    QualityGates gates = QualityGates.parse("miou=0.5", null, EvalConfig.Task.MULTICLASS);
    List<GroupSummary> groups = List.of(
        new GroupSummary(Map.of("split", "a"), 2, 40, 0, values("miou", 0.6), values(), null, null),
        new GroupSummary(Map.of("split", "b"), 1, 0, 0, values("miou", null), values(), null, null));
    assertEquals(List.of("miou is null (undefined: 0 pixels counted, as every target pixel was ignored),"
        + " so it cannot pass --fail-under miou=0.5 (group split=b)"),
        gates.check(summary(values("miou", 0.6), values(), groups)));
  }

  @Test
  void noVoxelCountedIsSaidInTheConsolesWordOfTheRunsElements() {
    List<GroupSummary> groups = List.of(
        new GroupSummary(Map.of("split", "b"), 1, 0, 0, values("miou", null), values(), null, null));
    QualityGates gates = QualityGates.parse("miou=0.5", null, EvalConfig.Task.MULTICLASS);
    assertEquals(List.of("miou is null (undefined: 0 voxels counted, as every target voxel was ignored),"
        + " so it cannot pass --fail-under miou=0.5 (group split=b)"),
        gates.check(ofElements(groups, Elements.VOXELS)));
    assertEquals(List.of("miou is null (undefined: 0 pixels and voxels counted, as every target pixel or voxel"
        + " was ignored), so it cannot pass --fail-under miou=0.5 (group split=b)"),
        gates.check(ofElements(groups, Elements.PIXELS_AND_VOXELS)));
  }

  /** A multiclass run of {@code groups} whose console calls its elements {@code elements}. */
  private static Summary ofElements(List<GroupSummary> groups, Elements elements) {
    return new Summary("test", "multiclass", "logits", 3, 255, 1, 0, Map.of(), "per-image", values("miou", null),
        values(), null, null, null, Summary.Rejected.NONE, null, List.of("split"), groups, null, elements);
  }

  @Test
  void aGroupWithNoImageEvaluatedMissesEveryGateThoughItsSoftScoresAreOne() {
    // every image of checkpoint ck2 was skipped: its smoothed soft Dice of no pixels is 1
    QualityGates gates = QualityGates.parse("dice=0.8", "bce=0.5", EvalConfig.Task.BINARY);
    List<GroupSummary> groups = List.of(
        new GroupSummary(Map.of("checkpoint", "ck1"), 1, 4, 0, values("dice", 0.9, "bce", 0.1), values(), null, null),
        new GroupSummary(Map.of("checkpoint", "ck2"), 0, 0, 2, values("dice", 1.0, "bce", null), values(), null, null));
    assertEquals(List.of(
        "dice: no image was evaluated (all skipped as bad records), so it cannot pass --fail-under dice=0.8"
            + " (group checkpoint=ck2)",
        "bce: no image was evaluated (all skipped as bad records), so it cannot pass --fail-over bce=0.5"
            + " (group checkpoint=ck2)"),
        gates.check(summary(values("dice", 0.9, "bce", 0.1), values(), groups)));
  }

  @Test
  void theCountsAreGatedOneWayOnlyWithTheMetricsWording() {
    assertEquals("--fail-under: rejected has a maximum only (the records skipped as bad); use --fail-over rejected=MAX",
        refusal("rejected=1", null));
    assertEquals("--fail-over: images has a minimum only (the images evaluated); use --fail-under images=MIN",
        refusal(null, "images=10"));
    assertEquals("--fail-over: rejected must be a number, got 'none'", refusal(null, "rejected=none"));
    assertEquals("--fail-over: rejected counts the records skipped as bad: give a whole number >= 0, got -1",
        refusal(null, "rejected=-1"));
    assertEquals("--fail-under: images counts the images evaluated: give a whole number >= 0, got 0.5",
        refusal("images=0.5", null));
    assertEquals(Map.of("fail_under", Map.of("images", 16.0), "fail_over", Map.of("rejected", 0.0)),
        QualityGates.parse("images=16", "rejected=0", EvalConfig.Task.MULTICLASS).limits());
  }

  @Test
  void countGatesReadEachGroupsRejectedAndImagesEvenWithNoImageEvaluated() {
    QualityGates gates = QualityGates.parse("images=16", "rejected=0", EvalConfig.Task.BINARY);
    List<GroupSummary> groups = List.of(
        new GroupSummary(Map.of("checkpoint", "ck1"), 16, 64, 0, values("dice", 0.9), values(), null, null),
        new GroupSummary(Map.of("checkpoint", "ck2"), 14, 56, 2, values("dice", 0.9), values(), null, null),
        new GroupSummary(Map.of("checkpoint", "ck3"), 0, 0, 16, values("dice", 1.0), values(), null, null));
    Summary s = summary(values("dice", 0.9), values(), groups);
    assertEquals(List.of(
        "images = 14 is under the minimum 16 by 2 (group checkpoint=ck2)",
        "rejected = 2 is over the maximum 0 by 2 (group checkpoint=ck2)",
        "images = 0 is under the minimum 16 by 16 (group checkpoint=ck3)",
        "rejected = 16 is over the maximum 0 by 16 (group checkpoint=ck3)"), gates.check(s));
    assertEquals(List.of("images = 14 is under the minimum 16 by 2", "rejected = 2 is over the maximum 0 by 2"),
        GroupGates.missedBy(gates, groups.get(1)));
    assertEquals(List.of(), GroupGates.missedBy(gates, groups.get(0)));
  }

  @Test
  void countGatesWithoutGroupsReadTheRunsRejectedCount() {
    Summary s = new Summary("test", "binary", "logits", null, null, 2, 8, Map.of(), "per-image", values("dice", 0.9),
        values(), null, null, null, new Summary.Rejected(3, Map.of(), List.of(), false), null, null, null);
    assertEquals(List.of("images = 2 is under the minimum 5 by 3", "rejected = 3 is over the maximum 2 by 1"),
        QualityGates.parse("images=5", "rejected=2", EvalConfig.Task.BINARY).check(s));
    assertEquals(List.of(), QualityGates.parse("images=2", "rejected=3", EvalConfig.Task.BINARY).check(s));
  }

  /** Counts of a million and more in full, not with 6 significant digits (1.23457e+06). */
  @Test
  void largeCountsAreWrittenInFull() {
    Summary s = new Summary("test", "binary", "logits", null, null, 1_234_567, 8, Map.of(), "per-image",
        values("dice", 0.9, "tp", 2_345_678L), values(), null, null, null,
        new Summary.Rejected(1_000_001, Map.of(), List.of(), false), null, null, null);
    assertEquals(List.of("images = 1234567 is under the minimum 2000000 by 765433",
        "tp = 2345678 is under the minimum 2345679 by 1",
        "rejected = 1000001 is over the maximum 1000000 by 1"),
        QualityGates.parse("images=2e6,tp=2345679", "rejected=1000000", EvalConfig.Task.BINARY).check(s));
  }

  private static String multiclassRefusal(String failUnder, String failOver, List<String> names) {
    return assertThrows(IllegalArgumentException.class, () -> QualityGates.parse(failUnder, failOver,
        EvalConfig.Task.MULTICLASS).withClassIds(5, names)).getMessage();
  }

  @Test
  void badPerClassGatesAreRefusedBeforeTheRun() {
    List<String> names = List.of("bg", "car", "road", "person", "sky");
    assertEquals("--fail-under: unknown per-class metric 'miou' in 'per_class.miou.car' (one of iou, dice, acc,"
        + " precision): write per_class.<metric>.<class name or id>, e.g. per_class.iou.person",
        multiclassRefusal("per_class.miou.car=0.5", null, names));
    assertEquals("--fail-under: 'per_class.iou' names no class: write per_class.iou.<class name or id>, e.g."
        + " per_class.iou.person", multiclassRefusal("per_class.iou=0.5", null, names));
    assertEquals("--fail-over: per_class.iou.car is a score (higher is better); use --fail-under per_class.iou.car=MIN",
        multiclassRefusal(null, "per_class.iou.car=0.5", names));
    assertEquals("--fail-under per_class.iou.bike: no class 'bike': give a class id in [0, 5) or one of the"
        + " --class-names (bg, car, road, person, sky)", multiclassRefusal("per_class.iou.bike=0.5", null, names));
    assertEquals("--fail-under per_class.dice.5: no class '5': give a class id in [0, 5) (or name the classes with"
        + " --class-names)", multiclassRefusal("per_class.dice.5=0.5", null, null));
    assertEquals("--fail-under: unknown binary metric 'per_class.iou.1'",
        refusal("per_class.iou.1=0.5", null).split(" \\(one of")[0]);
  }

  @Test
  void aPerClassGateReadsItsClassByNameOrIdInTheRunAndInEveryGroup() {
    QualityGates gates = QualityGates.parse("per_class.IoU.car=0.6,per_class.acc.4=0.85,per_class.precision.person=0.5",
        null, EvalConfig.Task.MULTICLASS).withClassIds(5, List.of("bg", "car", "road", "person", "sky"));
    Map<String, Object> perClass = values(
        "iou", new Double[] {0.9, 0.5655226209048362, 0.86, 0.81, 0.81},
        "acc", new Double[] {0.95, 0.86, 0.93, 0.86, 0.889002557544757},
        "precision", new Double[] {0.94, 0.62, 0.93, null, 0.91});
    assertEquals(List.of(
        "per_class.iou.car = 0.565523 is under the minimum 0.6 by 0.0344774",
        "per_class.precision.person is null (undefined: the class is never predicted), so it cannot pass"
            + " --fail-under per_class.precision.person=0.5"),
        gates.check(multiclass(perClass, null)));
    GroupSummary passing = new GroupSummary(Map.of("split", "a"), 1, 4, 0, values(), values(), values(
        "iou", new Double[] {0.9, 0.7, 0.9, 0.9, 0.9}, "acc", new Double[] {0.9, 0.9, 0.9, 0.9, 0.9},
        "precision", new Double[] {0.9, 0.9, 0.9, 0.9, 0.9}), null);
    GroupSummary failing = new GroupSummary(Map.of("split", "b"), 1, 4, 0, values(), values(), perClass, null);
    assertEquals(List.of(
        "per_class.iou.car = 0.565523 is under the minimum 0.6 by 0.0344774 (group split=b)",
        "per_class.precision.person is null (undefined: the class is never predicted), so it cannot pass"
            + " --fail-under per_class.precision.person=0.5 (group split=b)"),
        gates.check(multiclass(perClass, List.of(passing, failing))));
  }

  private static Summary multiclass(Map<String, Object> perClass, List<GroupSummary> groups) {
    return new Summary("test", "multiclass", "logits", 5, 255, 2, 8, Map.of(), "per-image", values(), values(),
        perClass, null, null, Summary.Rejected.NONE, null, groups == null ? null : List.of("split"), groups);
  }
}
