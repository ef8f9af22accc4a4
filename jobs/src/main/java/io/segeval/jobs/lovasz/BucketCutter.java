package io.segeval.jobs.lovasz;

import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.jobs.input.ImagePair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * Step 2 of the dataset-wide Lovász sort: each image's errors, as tie-merged runs
 * ({@link ErrorRuns}), cut at its series' bucket boundaries, each piece keyed by its bucket (series
 * s's piece b: bucket {@code firstBucket[s] + b}), one image at a time; the runs of series s with
 * an error below {@code keepFrom[s]} are left out ({@link ErrorSample#keepFrom}: their terms are 0),
 * by the reader before it sorts them where it can, and here in any case.
 */
final class BucketCutter {
  private BucketCutter() {}

  static Iterator<Tuple2<Integer, byte[]>> ofPartition(Iterator<Tuple2<ImagePair, PerImageOutcome>> images,
      GlobalLovasz.ImageRunsSource source, boolean[] sorted, double[][] boundaries, int[] firstBucket,
      double[] keepFrom) {
    GlobalLovasz.ImageRunsReader reader = source.open();
    double[] below = readerBounds(sorted, keepFrom);
    return new Iterator<>() {
      private final List<Tuple2<Integer, byte[]>> pending = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        while (next == pending.size() && images.hasNext()) {
          pending.clear();
          next = 0;
          ErrorRuns[] runs = ReadAsBefore.runs(reader, source.images(), images.next(), below);
          for (int s = 0; runs != null && s < runs.length; s++) {
            if (sorted[s] && runs[s] != null) {
              cut(runs[s], runs[s].countAtLeast(keepFrom[s]), boundaries[s], firstBucket[s], pending);
            }
          }
        }
        return next < pending.size();
      }

      @Override
      public Tuple2<Integer, byte[]> next() {
        return pending.get(next++);
      }
    };
  }

  /**
   * What the reader may leave out before sorting: below {@code keepFrom[s]}, and all of a series
   * not sorted (+∞; its runs are dropped here), so that a group's absent class does not hold back
   * the dataset's bound in a {@link GroupedRunsSource}.
   */
  static double[] readerBounds(boolean[] sorted, double[] keepFrom) {
    double[] below = keepFrom.clone();
    for (int s = 0; s < below.length; s++) {
      if (!sorted[s]) {
        below[s] = Double.POSITIVE_INFINITY;
      }
    }
    return below;
  }

  /**
   * Adds the non-empty pieces of runs {@code [0, end)} of {@code runs} cut at {@code boundaries},
   * keyed firstBucket + piece.
   */
  static void cut(ErrorRuns runs, int end, double[] boundaries, int firstBucket, List<Tuple2<Integer, byte[]>> out) {
    int[] starts = runs.bucketStarts(boundaries);
    for (int b = 0; b + 1 < starts.length; b++) {
      int from = starts[b];
      int to = Math.min(starts[b + 1], end);
      if (from < to) {
        out.add(new Tuple2<>(firstBucket + b, runs.toBytes(from, to)));
      }
    }
  }
}
