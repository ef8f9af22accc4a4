package io.segeval.jobs.input;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Pairs prediction files with target files by image_id, in plain Java on the driver. Every
 * image_id of a prediction folder appears once; one that cannot be evaluated is a pair whose
 * {@code problem} says why ({@link PairProblem}, {@link AlikeNames}), never a silent drop.
 */
final class FilePairing {
  private FilePairing() {}

  /**
   * Pairs each prediction folder's files with the same target files on its own: a target without a
   * prediction in a folder is a problem pair of that folder. With duplicates the pair names the
   * first path. All the pairs, each with its group key, sorted by group values ({@link
   * GroupBy#PRED_DIR} among them), then image_id, in Spark's string order.
   *
   * @param predsByDir each prediction folder's files, by the folder's {@code pred_dir} name
   */
  static List<ImagePair> pair(Map<String, List<InputFile>> predsByDir, List<InputFile> targets, GroupBy groupBy) {
    List<InputFile> t = sortedByImageId(targets);
    List<GroupedPair> grouped = new ArrayList<>();
    for (Map.Entry<String, List<InputFile>> folder : predsByDir.entrySet()) {
      for (ImagePair pair : merged(sortedByImageId(folder.getValue()), t)) {
        List<String> values = groupBy.folderValues(pair.getImageId(), folder.getKey());
        pair.setGroupKey(groupBy.keyOf(values));
        grouped.add(new GroupedPair(values, pair));
      }
    }
    if (!groupBy.isEmpty()) {
      // the group values sort before the id, as Spark sorts the per-image rows
      grouped.sort(Comparator.comparing(GroupedPair::values, SparkStringOrder::compareValues)
          .thenComparing(g -> g.pair().getImageId(), SparkStringOrder.STRINGS));
    }
    List<ImagePair> pairs = new ArrayList<>(grouped.size());
    grouped.forEach(g -> pairs.add(g.pair()));
    return pairs;
  }

  /** A pair with its group values, for sorting. */
  private record GroupedPair(List<String> values, ImagePair pair) {}

  /** One folder's pairs: a merge of the two lists sorted by image_id, in image_id order. */
  private static List<ImagePair> merged(List<InputFile> p, List<InputFile> t) {
    List<ImagePair> pairs = new ArrayList<>(Math.max(p.size(), t.size()));
    // each step takes the smaller image_id and every file of it on both sides
    int i = 0;
    int j = 0;
    while (i < p.size() || j < t.size()) {
      String id = i == p.size() ? t.get(j).getImageId()
          : j == t.size() ? p.get(i).getImageId()
          : first(p.get(i).getImageId(), t.get(j).getImageId());
      int predFiles = run(p, i, id);
      int targetFiles = run(t, j, id);
      ImagePair pair = new ImagePair();
      pair.setImageId(id);
      if (predFiles > 0) {
        pair.setPredPath(p.get(i).getPath());
        pair.setPredLength(p.get(i).getLength());
      }
      if (targetFiles > 0) {
        pair.setTargetPath(t.get(j).getPath());
        pair.setTargetLength(t.get(j).getLength());
      }
      PairProblem problem = PairProblem.of(p.subList(i, i + predFiles), t.subList(j, j + targetFiles));
      if (problem != null) {
        pair.markProblem(problem.reason(), problem.file());
      }
      pairs.add(pair);
      i += predFiles;
      j += targetFiles;
    }
    AlikeNames.hint(pairs);
    return pairs;
  }

  private static List<InputFile> sortedByImageId(List<InputFile> files) {
    List<InputFile> sorted = new ArrayList<>(files);
    sorted.sort(InputFile.BY_IMAGE_ID);
    return sorted;
  }

  private static String first(String a, String b) {
    return SparkStringOrder.STRINGS.compare(a, b) <= 0 ? a : b;
  }

  /** How many files from {@code from} on have image_id {@code id}. */
  private static int run(List<InputFile> files, int from, String id) {
    int k = from;
    while (k < files.size() && files.get(k).getImageId().equals(id)) {
      k++;
    }
    return k - from;
  }
}
