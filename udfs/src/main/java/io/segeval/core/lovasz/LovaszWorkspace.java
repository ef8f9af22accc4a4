package io.segeval.core.lovasz;

import java.util.Arrays;

/**
 * Reusable buffers for the per-image Lovász losses: one instance per thread (e.g. per Spark
 * partition), passed to every call. Buffers grow to the largest image seen and are never shrunk.
 * Not thread-safe.
 */
public final class LovaszWorkspace {
  final RadixSort.Workspace sort = new RadixSort.Workspace();
  /** Sort keys of the kept pixels. */
  long[] keys = new long[0];
  /** Payload of the general path (soft targets), then the sorted targets. */
  double[] weights = new double[0];
  /** Sorted errors, descending. */
  double[] errors = new double[0];
  /** Number of keys collected ({@link HingeKeys}), then of entries in errors/weights after the sort. */
  int sortedCount;
  /** Pixel count per class (softmax). */
  long[] classCounts = new long[0];
  /** Least foreground error per class (softmax). */
  double[] leastErrors = new double[0];

  void ensure(int n) {
    if (keys.length < n) {
      int size = RadixSort.grow(keys.length, n);
      keys = new long[size];
      weights = new double[size];
      errors = new double[size];
    }
  }

  long[] classCounts(int numClasses) {
    if (classCounts.length < numClasses) {
      classCounts = new long[numClasses];
    }
    Arrays.fill(classCounts, 0, numClasses, 0L);
    return classCounts;
  }

  double[] leastErrors(int numClasses) {
    if (leastErrors.length < numClasses) {
      leastErrors = new double[numClasses];
    }
    Arrays.fill(leastErrors, 0, numClasses, Double.POSITIVE_INFINITY);
    return leastErrors;
  }
}
