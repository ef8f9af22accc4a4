package io.segeval.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The ways the merge-path tests cut the same data (Guava StatsAccumulatorTest style: every merge
 * path of a state gives the same answer as one pass over all of it).
 */
public final class MergePaths {
  private MergePaths() {}

  /**
   * {@code items} shuffled and dealt at random into 1 to {@code items.size()} parts (some maybe
   * empty), the parts in random order.
   */
  public static <T> List<List<T>> randomParts(List<T> items, Random rnd) {
    List<T> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, rnd);
    int parts = 1 + rnd.nextInt(Math.max(1, items.size()));
    List<List<T>> split = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      split.add(new ArrayList<>());
    }
    for (T item : shuffled) {
      split.get(rnd.nextInt(parts)).add(item);
    }
    Collections.shuffle(split, rnd);
    return split;
  }

  /** The arrays one after the other: the pixels of all images as one vector. */
  public static double[] concat(List<double[]> arrays) {
    double[] all = new double[arrays.stream().mapToInt(a -> a.length).sum()];
    int at = 0;
    for (double[] a : arrays) {
      System.arraycopy(a, 0, all, at, a.length);
      at += a.length;
    }
    return all;
  }
}
