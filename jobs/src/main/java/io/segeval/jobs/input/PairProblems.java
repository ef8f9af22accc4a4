package io.segeval.jobs.input;

import io.segeval.codec.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pairing problems of folder inputs (a file without its partner, an image_id shared by
 * several files, a file SegEval does not read), known on the driver as soon as the folders are
 * paired. A run that stops at the first bad record ({@code --on-bad-record fail}) stops here,
 * before any Spark job, naming the first problem pair and how many others have one, by kind; when
 * no pair is complete it says the file names do not match, the usual cause.
 */
public final class PairProblems {
  private PairProblems() {}

  /**
   * Throws the first problem pair's {@link ImageRecordException}, naming its {@code --group-by}
   * group (with several {@code --pred} folders, its {@value GroupBy#PRED_DIR}: the image_id alone
   * does not tell which folder lacks the file), with the others counted; nothing if none.
   */
  public static void failOnAny(List<ImagePair> pairs, GroupBy groupBy) {
    ImagePair first = null;
    Map<String, Long> byKind = new LinkedHashMap<>();
    for (ImagePair p : pairs) {
      if (p.getProblem() != null) {
        first = first == null ? p : first;
        byKind.merge(p.problemReason().kind(), 1L, Long::sum);
      }
    }
    if (first == null) {
      return;
    }
    long count = byKind.values().stream().mapToLong(Long::longValue).sum();
    Reason why = first.getGroupKey() == null ? first.problemReason()
        : Reason.of("{} (group {})", first.problemReason(), GroupBy.label(groupBy.decode(first.getGroupKey())));
    if (count > 1) {
      String kinds = byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
          .collect(Collectors.joining(", "));
      why = why.then(count == pairs.size()
          ? "; no image_id has both files (" + kinds + ")" + namesHint(byKind)
          : "; " + (count == 2 ? "1 other image_id has" : count - 1 + " other image_ids have") + " a problem too ("
              + kinds + ")");
    }
    throw new ImageRecordException(first.getImageId(), first.problemFile(), why);
  }

  /** When predictions and targets are all there but none pairs: their names differ. */
  private static String namesHint(Map<String, Long> byKind) {
    return byKind.containsKey(InputPairs.NO_PREDICTION) && byKind.containsKey(InputPairs.NO_TARGET)
        ? ": the names under --pred and --target do not match (the image_id is the path below the folder"
            + " without its extension: img_1.npy pairs with img_1.png)"
        : "";
  }
}
