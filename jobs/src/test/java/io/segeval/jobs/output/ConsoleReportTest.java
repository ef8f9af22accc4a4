package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's summary: values right-aligned in their column, "-" for null too; counted words agree. */
class ConsoleReportTest {
  private static String print(Summary s) {
    StringWriter text = new StringWriter();
    ConsoleReport.print(s, new PrintWriter(text));
    return text.toString();
  }

  private static Summary summary(Summary.Rejected rejected) {
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("dice", 0.5);
    dataset.put("bce", null);
    dataset.put("tp", 1234L);
    Map<String, Object> mean = new LinkedHashMap<>();
    mean.put("lovasz_hinge_loss", null);
    return new Summary("0.1.0", "binary", "labels", null, null, 2, 8, Map.of(), "per-image", dataset, mean, null, null,
        List.of("bce", "per_image_mean.lovasz_hinge_loss"), rejected, null, null, null);
  }

  @Test
  void nullsAreRightAlignedLikeNumbers() {
    assertEquals(List.of(
        "",
        "SegEval 0.1.0: binary task, labels input, 2 images, 8 pixels",
        "",
        "  dataset (all pixels together)",
        "  ---------------------- ----------------",
        "  dice                       0.5000000000",
        "  bce                                   -",
        "  tp                                1,234",
        "",
        "  per-image mean",
        "  ---------------------- ----------------",
        "  lovasz_hinge_loss                     -",
        "not computable from labels: bce, per_image_mean.lovasz_hinge_loss"), print(summary(Summary.Rejected.NONE)).lines().toList());
  }

  @Test
  void oneGroupIsOneGroup() {
    GroupSummary only = new GroupSummary(Map.of("model", "unet"), 2, 8, 0, Map.of("dice", 0.5), Map.of(), null, null);
    Map<String, Object> noBce = new LinkedHashMap<>();
    noBce.put("dice", 0.25);
    noBce.put("bce", null);
    GroupSummary other = new GroupSummary(Map.of("model", "deeplab"), 2, 8, 0, noBce, Map.of(), null, null);
    List<String> one = print(summary(Summary.Rejected.NONE).withGroups(List.of("model"), List.of(only))).lines().toList();
    assertEquals(List.of(
        "  by model (1 group; every metric in summary.json and OUTPUT/metrics/)",
        "  group                              images             dice              bce",
        "  unet                                    2     0.5000000000                -"),
        one.subList(13, 16));
    List<String> two = print(summary(Summary.Rejected.NONE).withGroups(List.of("model"), List.of(only, other))).lines().toList();
    assertEquals("  by model (2 groups; every metric in summary.json and OUTPUT/metrics/)", two.get(13));
    // one group is the run; two are pooled above their table, and said to be
    assertEquals("  dataset (all pixels together)", one.get(3));
    assertEquals("  per-image mean", one.get(9));
    assertEquals("  dataset (all pixels of all 2 groups together; each group below)", two.get(3));
    assertEquals("  per-image mean (every image of all 2 groups)", two.get(9));
    assertEquals("  deeplab                                 2     0.2500000000                -", two.get(16));
  }

  @Test
  void skippedRecordsOneLinePerClassOfReasonWithItsConstantsKept() {
    Map<String, Long> byReason = new LinkedHashMap<>();
    byReason.put("RGB mask: SegEval reads grayscale or palette (indexed) PNG masks; save the mask as 8-bit grayscale"
        + " or palette", 1200L);
    byReason.put("non-finite prediction # at (row #, col #)", 3L);
    List<String> lines = print(summary(new Summary.Rejected(1203, byReason, List.of(), true))).lines().toList();
    assertEquals(List.of(
        "skipped 1,203 bad record(s), listed in OUTPUT/rejected/, by reason:",
        "     1,200  RGB mask: SegEval reads grayscale or palette (indexed) PNG masks; save the mask as 8-bit grayscale"
            + " or palette",
        "         3  non-finite prediction # at (row #, col #)"),
        lines.subList(14, lines.size()));
  }

  @Test
  void theGroupsTableShowsTheGatedMetricsAndSkippedRecords() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("dice", 0.5);
    values.put("bce", 0.25);
    values.put("tp", 12L);
    GroupSummary ck1 = new GroupSummary(Map.of("checkpoint", "ck1"), 2, 8, 0, values, Map.of(), null, null);
    GroupSummary ck2 = new GroupSummary(Map.of("checkpoint", "ck2"), 0, 0, 3, Map.of("dice", 1.0), Map.of(), null, null);
    StringWriter text = new StringWriter();
    ConsoleReport.print(summary(Summary.Rejected.NONE).withGroups(List.of("checkpoint"), List.of(ck1, ck2)),
        new PrintWriter(text), List.of("tp", "dice", "per_image_mean.dice"), null);
    assertEquals(List.of(
        "  group                              images    skipped             dice              bce               tp",
        "  ck1                                     2          0     0.5000000000     0.2500000000               12",
        "  ck2                                     0          3     1.0000000000                -                -"),
        text.toString().lines().toList().subList(14, 17));
  }

  @Test
  void aGateOnRejectedShowsTheSkippedColumnThoughNoGroupHasAny() {
    GroupSummary ck1 = new GroupSummary(Map.of("checkpoint", "ck1"), 2, 8, 0, Map.of("dice", 0.5), Map.of(), null, null);
    StringWriter text = new StringWriter();
    ConsoleReport.print(summary(Summary.Rejected.NONE).withGroups(List.of("checkpoint"), List.of(ck1)),
        new PrintWriter(text), List.of("rejected", "images"), null);
    assertEquals(List.of(
        "  group                              images    skipped             dice              bce",
        "  ck1                                     2          0     0.5000000000                -"),
        text.toString().lines().toList().subList(14, 16));
  }

  /** A multiclass summary of C classes: the first {@code rated} have IoU (c + 1)/100, the others none. */
  private static Summary multiclass(int classes, int rated) {
    Double[] iou = new Double[classes];
    long[][] matrix = new long[classes][classes];
    for (int c = 0; c < rated; c++) {
      iou[c] = (c + 1) / 100.0;
      matrix[c][c] = c + 1;
    }
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (String key : List.of("iou", "dice", "acc", "precision")) {
      perClass.put(key, iou);
    }
    return new Summary("0.1.0", "multiclass", "logits", classes, 255, 2, 8, Map.of(), "per-image",
        Map.of("miou", 0.2), Map.of(), perClass, matrix, null, Summary.Rejected.NONE, null, null, null);
  }

  /** The per-class table's class ids, in the order printed, and its "..." lines. */
  private static List<String> perClassLines(Summary s) {
    return print(s).lines().dropWhile(l -> !l.contains("per class, by IoU")).skip(2)
        .map(l -> l.contains("...") ? l.trim() : l.trim().split("\\s+")[0]).toList();
  }

  @Test
  void withManyClassesTheWorstEndShowsTheWorstClassesWithAnIouNotTheUnseenOnes() {
    // ADE20K-like: 150 classes, 40 seen in the targets or predicted, 110 neither
    List<String> expected = new java.util.ArrayList<>();
    for (int c = 39; c >= 25; c--) {
      expected.add(Integer.toString(c));
    }
    expected.add("... 10 more classes (all in summary.json)");
    for (int c = 14; c >= 0; c--) {
      expected.add(Integer.toString(c));
    }
    expected.add("... 110 classes without an IoU (in no target, never predicted): 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, …");
    assertEquals(expected, perClassLines(multiclass(150, 40)));
  }

  @Test
  void withSeveralGroupsThePerClassTableSaysItPoolsThem() {
    GroupSummary g = new GroupSummary(Map.of("pred_dir", "ckpt_1"), 1, 4, 0, Map.of("miou", 0.2), Map.of(), null, null);
    Summary grouped = multiclass(5, 3).withGroups(List.of("pred_dir"), List.of(g, g));
    assertTrue(print(grouped).contains("\n  per class (all 2 groups pooled), by IoU (best first)\n"), print(grouped));
    assertTrue(print(multiclass(5, 3)).contains("\n  per class, by IoU (best first)\n"));
  }

  @Test
  void classesWithAnIouAreAllShownWhenTheyFitAndTheUnseenOnesAreOneLine() {
    List<String> lines = perClassLines(multiclass(40, 3));
    assertEquals(List.of("2", "1", "0", "... 37 classes without an IoU (in no target, never predicted): 3, 4, 5, 6, 7, 8,"
        + " 9, 10, 11, 12, …"), lines);
    // up to 31 classes each has its line, those without an IoU last with "-"
    List<String> few = print(multiclass(5, 3)).lines().dropWhile(l -> !l.contains("per class, by IoU")).skip(2).toList();
    assertEquals(5, few.size(), few.toString());
    assertEquals(List.of("2", "1", "0", "3", "4"), few.stream().map(l -> l.trim().split("\\s+")[0]).toList());
    // no class names here: no name column
    assertEquals("      4         -         -         -          -               0", few.get(4));
  }
}
