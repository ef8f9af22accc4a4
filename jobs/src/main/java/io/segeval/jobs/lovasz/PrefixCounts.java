package io.segeval.jobs.lovasz;

import io.segeval.core.lovasz.ErrorRuns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import scala.Tuple2;

/**
 * Step 3 of the dataset-wide Lovász sort: each bucket's totals (target and non-target weight), and
 * from them the offsets every bucket's sweep starts from.
 */
final class PrefixCounts {
  private PrefixCounts() {}

  /** Each bucket of the partition with its totals {Σ positives, Σ negatives}. */
  static Iterator<Tuple2<Integer, double[]>> ofPartition(Iterator<Tuple2<Integer, byte[]>> it) {
    Map<Integer, double[]> totals = new TreeMap<>();
    while (it.hasNext()) {
      Tuple2<Integer, byte[]> chunk = it.next();
      ErrorRuns runs = ErrorRuns.fromBytes(chunk._2());
      double p = runs.totalPositive();
      double[] t = totals.computeIfAbsent(chunk._1(), b -> new double[2]);
      t[0] += p;
      t[1] += runs.totalCount() - p;
    }
    List<Tuple2<Integer, double[]>> out = new ArrayList<>();
    totals.forEach((bucket, t) -> out.add(new Tuple2<>(bucket, t)));
    return out.iterator();
  }

  /**
   * Per bucket b, the target and non-target weight of the buckets before it in its series,
   * {@code before[b] = {Σ positives, Σ negatives}} (prefix sums of {@code totals}; a null total, a
   * bucket no run reached, counts 0).
   */
  static double[][] before(double[][] totals, int[] firstBucket) {
    double[][] before = new double[totals.length][2];
    for (int s = 0; s + 1 < firstBucket.length; s++) {
      double positives = 0;
      double negatives = 0;
      for (int b = firstBucket[s]; b < firstBucket[s + 1]; b++) {
        before[b][0] = positives;
        before[b][1] = negatives;
        if (totals[b] != null) {
          positives += totals[b][0];
          negatives += totals[b][1];
        }
      }
    }
    return before;
  }
}
