package io.segeval.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
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

  /** A copy of {@code state} through Java serialization (the form Spark's aggregation buffers take). */
  @SuppressWarnings("unchecked")
  public static <T extends Serializable> T serializedAndBack(T state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
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
