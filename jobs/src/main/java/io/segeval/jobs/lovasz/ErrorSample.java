package io.segeval.jobs.lovasz;

import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.Quantiles;
import io.segeval.jobs.input.ImagePair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * Step 1 of the dataset-wide Lovász sort: every image's sorted errors give an order statistic per
 * {@value #STRIDE} pixels, per sorted series, for the bucket boundaries ({@link BucketLayout}).
 */
final class ErrorSample {
  private ErrorSample() {}

  /** One sample value per this many pixels of an image (and at least one per image). */
  static final int STRIDE = 4096;

  /**
   * The partition's sample, one {@link Quantiles.WeightedSample} per series: its images' samples
   * in image order, pooled here rather than on the driver. Every image gives at least one value, so
   * a dataset of many small images sends about one value per image; one object pair per image (and
   * series) on the driver would cost some 120 bytes each, 1.2 GB for 10⁷ images.
   */
  static Iterator<Tuple2<Integer, Quantiles.WeightedSample>> ofPartition(
      Iterator<Tuple2<ImagePair, PerImageOutcome>> images, GlobalLovasz.ImageRunsSource source, boolean[] sorted) {
    GlobalLovasz.ImageRunsReader reader = source.open();
    List<List<Quantiles.WeightedSample>> perSeries = emptyLists(source.series());
    while (images.hasNext()) {
      ErrorRuns[] runs = ReadAsBefore.runs(reader, source.images(), images.next());
      for (int s = 0; runs != null && s < runs.length; s++) {
        if (sorted[s] && runs[s] != null && runs[s].size() > 0) {
          perSeries.get(s).add(Quantiles.sample(runs[s], STRIDE));
        }
      }
    }
    List<Tuple2<Integer, Quantiles.WeightedSample>> out = new ArrayList<>();
    for (int s = 0; s < perSeries.size(); s++) {
      if (!perSeries.get(s).isEmpty()) {
        out.add(new Tuple2<>(s, Quantiles.pooled(perSeries.get(s))));
      }
    }
    return out.iterator();
  }

  /** The partitions' samples gathered per series (in the order given), on the driver. */
  static List<List<Quantiles.WeightedSample>> perSeries(List<Tuple2<Integer, Quantiles.WeightedSample>> partitions,
      int series) {
    List<List<Quantiles.WeightedSample>> samples = emptyLists(series);
    for (Tuple2<Integer, Quantiles.WeightedSample> t : partitions) {
      samples.get(t._1()).add(t._2());
    }
    return samples;
  }

  private static List<List<Quantiles.WeightedSample>> emptyLists(int series) {
    List<List<Quantiles.WeightedSample>> lists = new ArrayList<>();
    for (int s = 0; s < series; s++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }
}
