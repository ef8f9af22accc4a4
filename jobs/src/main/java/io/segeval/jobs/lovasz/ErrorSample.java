package io.segeval.jobs.lovasz;

import io.segeval.core.NeumaierSum;
import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.Quantiles;
import io.segeval.jobs.input.ImagePair;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * Step 1 of the dataset-wide Lovász sort: every image's sorted errors give an order statistic per
 * {@value #STRIDE} pixels, per sorted series, for the bucket boundaries ({@link BucketLayout}); and
 * each series' least error of a run with target weight, for the tail the emit step leaves out
 * ({@link #keepFrom}).
 */
final class ErrorSample {
  private ErrorSample() {}

  /** One sample value per this many pixels of an image (and at least one per image). */
  static final int STRIDE = 4096;

  /**
   * A partition's part of one series: its images' samples pooled, the least error of a run holding
   * target weight (+∞ if none), the target weight in the runs, and whether every run's target
   * weight is a whole number (hard targets).
   */
  record SeriesSample(Quantiles.WeightedSample sample, double leastTargetError, double targetWeight,
      boolean wholeTargets) implements Serializable {}

  /**
   * The partition's sample, one {@link SeriesSample} per series: its images' samples in image
   * order, pooled here rather than on the driver. Every image gives at least one value, so a
   * dataset of many small images sends about one value per image; one object pair per image (and
   * series) on the driver would cost some 120 bytes each, 1.2 GB for 10⁷ images.
   */
  static Iterator<Tuple2<Integer, SeriesSample>> ofPartition(
      Iterator<Tuple2<ImagePair, PerImageOutcome>> images, GlobalLovasz.ImageRunsSource source, boolean[] sorted) {
    GlobalLovasz.ImageRunsReader reader = source.open();
    int series = source.series();
    List<List<Quantiles.WeightedSample>> perSeries = emptyLists(series);
    double[] least = new double[series];
    NeumaierSum[] weight = new NeumaierSum[series];
    boolean[] whole = new boolean[series];
    startTails(least, weight, whole);
    double[] none = new double[series];
    while (images.hasNext()) {
      ErrorRuns[] runs = ReadAsBefore.runs(reader, source.images(), images.next(), none);
      for (int s = 0; runs != null && s < runs.length; s++) {
        if (sorted[s] && runs[s] != null && runs[s].size() > 0) {
          perSeries.get(s).add(Quantiles.sample(runs[s], STRIDE));
          least[s] = Math.min(least[s], runs[s].leastTargetError());
          whole[s] &= runs[s].wholeTargets();
          weight[s].add(runs[s].totalPositive());
        }
      }
    }
    List<Tuple2<Integer, SeriesSample>> out = new ArrayList<>();
    for (int s = 0; s < series; s++) {
      if (!perSeries.get(s).isEmpty()) {
        out.add(new Tuple2<>(s, new SeriesSample(Quantiles.pooled(perSeries.get(s)), least[s], weight[s].value(),
            whole[s])));
      }
    }
    return out.iterator();
  }

  /** The partitions' samples gathered per series (in the order given), on the driver. */
  static List<List<Quantiles.WeightedSample>> perSeries(List<Tuple2<Integer, SeriesSample>> partitions, int series) {
    List<List<Quantiles.WeightedSample>> samples = emptyLists(series);
    for (Tuple2<Integer, SeriesSample> t : partitions) {
      samples.get(t._1()).add(t._2().sample());
    }
    return samples;
  }

  /**
   * Per series, the error below which its runs can be left out of the sort (0: none). When every
   * pixel with target weight is in a run (the runs' target weight is the series' g) and those
   * weights are whole numbers, the runs below the least error of a run with target weight come,
   * sorted, after all of it: there the cumulative target weight is g exactly, J = 1 at each such
   * run and at the one before, and its term e·(J_after − J_before) is exactly 0. So leaving them
   * out changes no term and no bucket's sum: only the bucket holding that least error loses the
   * end of its runs, the buckets after it all of theirs. Not with soft targets (the cumulative
   * weights are then rounded) nor when g is 0 (J = 0 before the first run).
   */
  static double[] keepFrom(List<Tuple2<Integer, SeriesSample>> partitions, double[] g) {
    int series = g.length;
    double[] least = new double[series];
    NeumaierSum[] weight = new NeumaierSum[series];
    boolean[] whole = new boolean[series];
    startTails(least, weight, whole);
    for (Tuple2<Integer, SeriesSample> t : partitions) {
      int s = t._1();
      least[s] = Math.min(least[s], t._2().leastTargetError());
      weight[s].add(t._2().targetWeight());
      whole[s] &= t._2().wholeTargets();
    }
    double[] keepFrom = new double[series];
    for (int s = 0; s < series; s++) {
      boolean allInRuns = weight[s].value() == g[s];
      keepFrom[s] = whole[s] && g[s] > 0 && allInRuns && least[s] != Double.POSITIVE_INFINITY ? least[s] : 0.0;
    }
    return keepFrom;
  }

  /** No run yet: least error +∞, target weight 0, whole. */
  private static void startTails(double[] least, NeumaierSum[] weight, boolean[] whole) {
    Arrays.fill(least, Double.POSITIVE_INFINITY);
    Arrays.fill(whole, true);
    for (int s = 0; s < weight.length; s++) {
      weight[s] = new NeumaierSum();
    }
  }

  private static List<List<Quantiles.WeightedSample>> emptyLists(int series) {
    List<List<Quantiles.WeightedSample>> lists = new ArrayList<>();
    for (int s = 0; s < series; s++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }
}
