package io.segeval.jobs.lovasz;

import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.Quantiles;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.run.RunJobs;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The dataset-wide Lovász losses (spec §4): a distributed sort of every pixel's error, exact.
 *
 * <p>A loss is a sweep over all errors in descending order, where each pixel's gradient depends
 * only on how many target and non-target pixels come before it. So:
 * <ol>
 *   <li>sample: each image's sorted errors give every 4096th order statistic; the driver picks
 *       bucket boundaries from the pooled sample so that buckets hold about equal numbers of
 *       pixels (range partitioning; {@link ErrorSample}, {@link BucketLayout});</li>
 *   <li>emit: each image's errors, as tie-merged runs ({@link ErrorRuns}), are cut at the
 *       boundaries and shuffled to their bucket ({@link BucketCutter}), without a series' runs
 *       whose terms the sample shows to be 0 (below its least error of a target pixel, when every
 *       target pixel has a positive error: {@link ErrorSample#keepFrom}; the reader leaves them out
 *       before sorting where it can); consecutive small buckets share a partition
 *       ({@link BucketPacking}), so thousands of tiny series do not cost a task each;</li>
 *   <li>prefix counts: each bucket's totals (target and non-target weight) are summed and
 *       collected, and their prefix sums give every bucket's starting offsets
 *       ({@link PrefixCounts});</li>
 *   <li>sweep: each bucket merges its runs (a piece per image, {@link ErrorRuns#merge}) and
 *       sweeps them from its offsets ({@link BucketSweep}); the driver adds the buckets'
 *       contributions ({@link BucketLayout#seriesLosses}).</li>
 * </ol>
 * Steps 3 and 4 read the same shuffle output, so the images are decoded twice in all (sample and
 * emit). No pixel reaches the driver: only the sample (pixels/4096 values) and two numbers per
 * bucket. Bucket and partition sizes are bounded ({@link #BUCKET_RUNS} runs), so executor memory does not grow
 * with the dataset.
 *
 * <p>Several independent losses ("series": one for the binary hinge, one per class for
 * Lovász-softmax) share one shuffle; a caller may leave series out (the classes absent from the
 * targets), which then cost no bucket and no sort.
 *
 * <p>The images sorted are exactly those the per-image stage evaluated, whose targets make g: the
 * ones it rejected are left out unread, and any other that does not read again as it did there
 * stops the run ({@link ReadAsBefore}). This class runs the steps, as Spark jobs.
 */
public final class GlobalLovasz {
  private static final Logger LOG = LogManager.getLogger(GlobalLovasz.class);

  /** Target runs per bucket: about 24 bytes each, so a bucket holds some 50 MB at most. */
  static final long BUCKET_RUNS = 2_000_000L;

  private GlobalLovasz() {}

  /** Reads one image's error runs, one list per series; made once per partition. */
  public interface ImageRunsReader {
    /**
     * The image's runs; throws {@link io.segeval.codec.BadRecordException} for a bad record.
     * {@code below[s]}: the runs of series s with an error below it may be left out before they
     * are sorted (0: none; the caller leaves them out in any case, {@link ErrorSample#keepFrom}).
     */
    ImageRuns read(ImagePair pair, double[] below);
  }

  /**
   * One image's runs per series (null for a series the image is not part of, see
   * {@link GroupedRunsSource}) and its pixel count (H·W, ignored pixels included).
   */
  public record ImageRuns(long pixels, ErrorRuns[] series) {}

  /** Opens an {@link ImageRunsReader} on an executor (it owns the partition's buffers). */
  public interface ImageRunsSource extends Serializable {
    int series();

    ImageRunsReader open();

    /** Where the images are, for the out-of-heap advice's word for them ({@link ReadAsBefore}). */
    ImageSource images();
  }

  /**
   * The dataset-wide loss of every series.
   *
   * @param images the image pairs with the per-image stage's outcomes: the images it rejected are
   *     left out, every other one is sorted ({@link ReadAsBefore})
   * @param g per series, the total target weight over ALL pixels of the images the per-image stage
   *     evaluated (Σ t)
   * @return per series the loss; a series whose g is 0 still gets the reference's value
   */
  public static double[] losses(EvaluatedImages images, ImageRunsSource source, double[] g) {
    boolean[] all = new boolean[source.series()];
    Arrays.fill(all, true);
    return losses(images, source, g, all);
  }

  /**
   * The dataset-wide loss of the {@code sorted} series only (e.g. the classes present in the
   * targets): the others get no bucket, their runs (if a reader gives any) are dropped, and their
   * loss is NaN.
   */
  public static double[] losses(EvaluatedImages images, ImageRunsSource source, double[] g, boolean[] sorted) {
    step("dataset-wide Lovász, 1/3: sampling the errors for bucket boundaries");
    List<Tuple2<Integer, ErrorSample.SeriesSample>> sample =
        images.mapPartitions(it -> ErrorSample.ofPartition(it, source, sorted)).collect();
    BucketLayout layout = bucketsOf(sample, source.series(), sorted);
    if (layout.buckets() == 0) {
      return layout.seriesLosses(new double[0]); // no series sorted: NaN each
    }

    // 2. Emit runs cut at the boundaries, keyed by bucket, without the runs whose terms are 0
    // (ErrorSample.keepFrom); small buckets share a partition.
    double[][] boundaries = layout.boundaries();
    int[] firstBucket = layout.firstBucket();
    double[] keepFrom = ErrorSample.keepFrom(sample, g);
    LOG.info("dataset-wide Lovász: {} of {} sorted series leave out the runs below their least target error",
        Arrays.stream(keepFrom).filter(b -> b > 0).count(), layout.sortedSeries());
    JavaPairRDD<Integer, byte[]> buckets = JavaPairRDD
        .fromJavaRDD(images.mapPartitions(it ->
            BucketCutter.ofPartition(it, source, sorted, boundaries, firstBucket, keepFrom)))
        .partitionBy(new BucketPartitioner(layout.partitionOf()));
    buckets.persist(StorageLevel.DISK_ONLY());
    try {
      step("dataset-wide Lovász, 2/3: cutting the errors into buckets and counting them");
      double[][] before = prefixCounts(buckets, layout);
      step("dataset-wide Lovász, 3/3: sorting and sweeping each bucket");
      return layout.seriesLosses(sweepBuckets(buckets, layout.perBucket(g), before));
    } finally {
      RunJobs.unpersistAtEnd(buckets.rdd());
    }
  }

  /**
   * A step of the dataset-wide Lovász, in Spark's UI ({@link RunJobs#step}) and in the log: its
   * steps run after the per-image stage's progress lines have ended, for minutes on a large dataset,
   * and the log should say what is running meanwhile.
   */
  private static void step(String what) {
    RunJobs.step(what);
    LOG.info(what);
  }

  /** 1. Sample: the buckets the partitions' samples give ({@link BucketLayout#of}). */
  private static BucketLayout bucketsOf(List<Tuple2<Integer, ErrorSample.SeriesSample>> sample, int series,
      boolean[] sorted) {
    List<List<Quantiles.WeightedSample>> samples = ErrorSample.perSeries(sample, series);
    BucketLayout layout = BucketLayout.of(samples, sorted, BUCKET_RUNS);
    LOG.info("dataset-wide Lovász: {} of {} series sorted in {} buckets", layout.sortedSeries(), series,
        layout.buckets());
    LOG.info("dataset-wide Lovász: {} bucket(s) in {} partition(s)", layout.partitionOf().length,
        layout.partitions());
    return layout;
  }

  /** 3. Prefix counts: each bucket's totals, collected, give its offsets ({@link PrefixCounts#before}). */
  private static double[][] prefixCounts(JavaPairRDD<Integer, byte[]> buckets, BucketLayout layout) {
    double[][] totals = new double[layout.buckets()][];
    for (Tuple2<Integer, double[]> t : buckets.mapPartitions(PrefixCounts::ofPartition, false).collect()) {
      totals[t._1()] = t._2();
    }
    return PrefixCounts.before(totals, layout.firstBucket());
  }

  /**
   * 4. Sweep: every bucket's contribution to its series' loss, swept with its series' g
   * ({@code gOf[b]}) from its offsets {@code before[b]}.
   */
  private static double[] sweepBuckets(JavaPairRDD<Integer, byte[]> buckets, double[] gOf, double[][] before) {
    double[] contributions = new double[before.length];
    for (Tuple2<Integer, Double> t : buckets.mapPartitions(it -> BucketSweep.ofPartition(it, gOf, before), false)
        .collect()) {
      contributions[t._1()] = t._2();
    }
    return contributions;
  }
}
