package io.segeval.jobs.lovasz;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.NeumaierSum;
import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.LovaszSweep;
import io.segeval.core.lovasz.Quantiles;
import io.segeval.jobs.RunJobs;
import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.ImageSource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.Partitioner;
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
 *       pixels (range partitioning);</li>
 *   <li>emit: each image's errors, as tie-merged runs ({@link ErrorRuns}), are cut at the
 *       boundaries and shuffled to their bucket; consecutive small buckets share a partition
 *       ({@link #packBuckets}), so thousands of tiny series do not cost a task each;</li>
 *   <li>prefix counts: each bucket's totals (target and non-target weight) are summed and
 *       collected, and their prefix sums give every bucket's starting offsets;</li>
 *   <li>sweep: each bucket merges its runs and sweeps them from its offsets; the driver adds the
 *       buckets' contributions.</li>
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
 * stops the run ({@link #readEvaluated}).
 */
public final class GlobalLovasz {
  private static final Logger LOG = LogManager.getLogger(GlobalLovasz.class);

  /** One sample value per this many pixels of an image (and at least one per image). */
  static final int SAMPLE_STRIDE = 4096;

  /** Target runs per bucket: about 24 bytes each, so a bucket holds some 50 MB at most. */
  static final long BUCKET_RUNS = 2_000_000L;

  private GlobalLovasz() {}

  /** Reads one image's error runs, one list per series; made once per partition. */
  public interface ImageRunsReader {
    /** The image's runs; throws {@link BadRecordException} for a bad record. */
    ImageRuns read(ImagePair pair);
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

    /** Where the images are, for the out-of-heap advice's word for them ({@link GlobalLovasz#readEvaluated}). */
    ImageSource images();
  }

  /**
   * The dataset-wide loss of every series.
   *
   * @param images the image pairs with the per-image stage's outcomes: the images it rejected are
   *     left out, every other one is sorted ({@link #readEvaluated})
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
    int series = source.series();
    step("dataset-wide Lovász, 1/3: sampling the errors for bucket boundaries");
    Buckets layout = sampleBuckets(images, source, sorted);
    double[][] boundaries = layout.boundaries();
    int[] firstBucket = layout.firstBucket();
    double[] losses = new double[series];
    Arrays.fill(losses, Double.NaN);
    if (firstBucket[series] == 0) {
      return losses;
    }

    // 2. Emit runs cut at the boundaries, keyed by bucket; small buckets share a partition.
    JavaPairRDD<Integer, byte[]> buckets = JavaPairRDD
        .fromJavaRDD(images.mapPartitions(it -> emit(it, source, sorted, boundaries, firstBucket)))
        .partitionBy(new BucketPartitioner(layout.partitionOf()));
    buckets.persist(StorageLevel.DISK_ONLY());
    try {
      step("dataset-wide Lovász, 2/3: cutting the errors into buckets and counting them");
      double[][] before = prefixCounts(buckets, firstBucket);
      step("dataset-wide Lovász, 3/3: sorting and sweeping each bucket");
      double[] contributions = sweepBuckets(buckets, firstBucket, g, before);
      // A series' loss: its buckets' contributions added in bucket order.
      for (int s = 0; s < series; s++) {
        if (!sorted[s]) {
          continue;
        }
        NeumaierSum sum = new NeumaierSum();
        for (int b = firstBucket[s]; b < firstBucket[s + 1]; b++) {
          sum.add(contributions[b]);
        }
        losses[s] = sum.value();
      }
      return losses;
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

  /**
   * The buckets of every series: series s owns buckets [firstBucket[s], firstBucket[s + 1])
   * (none when it is not sorted), cut at {@code boundaries[s]}; bucket b is sorted in partition
   * {@code partitionOf[b]} ({@link #packBuckets}).
   */
  private record Buckets(double[][] boundaries, int[] firstBucket, int[] partitionOf) {}

  /**
   * 1. Sample: every image's sorted errors give an order statistic per {@value #SAMPLE_STRIDE}
   * pixels; per sorted series, buckets = ⌈runs / {@value #BUCKET_RUNS}⌉ (1 to 2^16), their
   * boundaries the sample's quantiles.
   */
  private static Buckets sampleBuckets(EvaluatedImages images, ImageRunsSource source, boolean[] sorted) {
    int series = source.series();
    List<List<Quantiles.WeightedSample>> samples = new ArrayList<>();
    for (int s = 0; s < series; s++) {
      samples.add(new ArrayList<>());
    }
    for (Tuple2<Integer, Quantiles.WeightedSample> t : images.mapPartitions(it -> sample(it, source, sorted)).collect()) {
      samples.get(t._1()).add(t._2());
    }
    double[][] boundaries = new double[series][];
    int[] firstBucket = new int[series + 1];
    List<Long> bucketRuns = new ArrayList<>();
    int sortedSeries = 0;
    for (int s = 0; s < series; s++) {
      if (!sorted[s]) {
        firstBucket[s + 1] = firstBucket[s]; // no bucket
        continue;
      }
      sortedSeries++;
      long runs = 0;
      for (Quantiles.WeightedSample w : samples.get(s)) {
        for (int i = 0; i < w.size(); i++) {
          runs += w.weight(i);
        }
      }
      int buckets = (int) Math.max(1, Math.min(1 << 16, (runs + BUCKET_RUNS - 1) / BUCKET_RUNS));
      boundaries[s] = Quantiles.chooseBoundaries(samples.get(s), buckets);
      firstBucket[s + 1] = firstBucket[s] + buckets;
      for (int b = 0; b < buckets; b++) {
        bucketRuns.add((runs + buckets - 1) / buckets); // the boundaries make buckets of about equal size
      }
    }
    int[] partitionOf = packBuckets(bucketRuns.stream().mapToLong(Long::longValue).toArray(), BUCKET_RUNS);
    LOG.info("dataset-wide Lovász: {} of {} series sorted in {} buckets", sortedSeries, series, firstBucket[series]);
    LOG.info("dataset-wide Lovász: {} bucket(s) in {} partition(s)", partitionOf.length,
        BucketPartitioner.partitions(partitionOf));
    return new Buckets(boundaries, firstBucket, partitionOf);
  }

  /**
   * The partition of each bucket: consecutive buckets share one while their sampled runs add up to
   * at most {@code maxRuns}, so that many small series (a class of a group: (1 + G) × C series for
   * Lovász-softmax) cost a few tasks instead of one each, and a partition still holds about one
   * full bucket at most (a bucket of more than {@code maxRuns} runs gets a partition of its own).
   */
  static int[] packBuckets(long[] bucketRuns, long maxRuns) {
    int[] partitionOf = new int[bucketRuns.length];
    int partition = -1;
    long inPartition = 0;
    for (int b = 0; b < bucketRuns.length; b++) {
      if (partition < 0 || inPartition + bucketRuns[b] > maxRuns) {
        partition++;
        inPartition = 0;
      }
      partitionOf[b] = partition;
      inPartition += bucketRuns[b];
    }
    return partitionOf;
  }

  /**
   * 3. Prefix counts: per bucket b, the target and non-target weight of the buckets before it in
   * its series, {@code before[b] = {Σ positives, Σ negatives}}, from each bucket's totals.
   */
  private static double[][] prefixCounts(JavaPairRDD<Integer, byte[]> buckets, int[] firstBucket) {
    int bucketCount = firstBucket[firstBucket.length - 1];
    double[][] totals = new double[bucketCount][];
    for (Tuple2<Integer, double[]> t : buckets.mapPartitions(GlobalLovasz::bucketTotals, false).collect()) {
      totals[t._1()] = t._2();
    }
    double[][] before = new double[bucketCount][2];
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

  /** 4. Sweep: every bucket's contribution to its series' loss, swept from its offsets {@code before}. */
  private static double[] sweepBuckets(JavaPairRDD<Integer, byte[]> buckets, int[] firstBucket, double[] g,
      double[][] before) {
    int bucketCount = before.length;
    double[] gOf = new double[bucketCount];
    for (int s = 0; s + 1 < firstBucket.length; s++) {
      for (int b = firstBucket[s]; b < firstBucket[s + 1]; b++) {
        gOf[b] = g[s];
      }
    }
    double[] contributions = new double[bucketCount];
    for (Tuple2<Integer, Double> t : buckets.mapPartitions(it -> sweep(it, gOf, before), false).collect()) {
      contributions[t._1()] = t._2();
    }
    return contributions;
  }

  /**
   * The partition's sample, one {@link Quantiles.WeightedSample} per series: its images' samples
   * in image order, pooled here rather than on the driver. Every image gives at least one value, so
   * a dataset of many small images sends about one value per image; one object pair per image (and
   * series) on the driver would cost some 120 bytes each, 1.2 GB for 10⁷ images.
   */
  private static Iterator<Tuple2<Integer, Quantiles.WeightedSample>> sample(
      Iterator<Tuple2<ImagePair, PerImageOutcome>> images, ImageRunsSource source, boolean[] sorted) {
    ImageRunsReader reader = source.open();
    List<List<Quantiles.WeightedSample>> perSeries = new ArrayList<>();
    for (int s = 0; s < source.series(); s++) {
      perSeries.add(new ArrayList<>());
    }
    while (images.hasNext()) {
      ErrorRuns[] runs = readEvaluated(reader, source.images(), images.next());
      for (int s = 0; runs != null && s < runs.length; s++) {
        if (sorted[s] && runs[s] != null && runs[s].size() > 0) {
          perSeries.get(s).add(Quantiles.sample(runs[s], SAMPLE_STRIDE));
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

  private static Iterator<Tuple2<Integer, byte[]>> emit(Iterator<Tuple2<ImagePair, PerImageOutcome>> images,
      ImageRunsSource source, boolean[] sorted, double[][] boundaries, int[] firstBucket) {
    ImageRunsReader reader = source.open();
    return new Iterator<>() {
      private final List<Tuple2<Integer, byte[]>> pending = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        while (next == pending.size() && images.hasNext()) {
          pending.clear();
          next = 0;
          ErrorRuns[] runs = readEvaluated(reader, source.images(), images.next());
          for (int s = 0; runs != null && s < runs.length; s++) {
            if (!sorted[s] || runs[s] == null) {
              continue;
            }
            int[] starts = runs[s].bucketStarts(boundaries[s]);
            for (int b = 0; b + 1 < starts.length; b++) {
              if (starts[b] < starts[b + 1]) {
                pending.add(new Tuple2<>(firstBucket[s] + b, runs[s].toBytes(starts[b], starts[b + 1])));
              }
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
   * The image's runs, or null for an image the per-image stage rejected (it reported it, or the
   * run stopped there). Every other image was evaluated there, its targets are in g, and it must
   * read the same again: one that cannot be read, or reads with another pixel count, changed during
   * the run (or its storage failed), and stops the run, whatever {@code --on-bad-record} says.
   * Leaving it out would sort other pixels than g counts, and give a wrong loss without a word.
   * {@code source}: where the images are, for the out-of-heap advice ({@link ImageOutOfMemoryException}).
   */
  static ErrorRuns[] readEvaluated(ImageRunsReader reader, ImageSource source,
      Tuple2<ImagePair, PerImageOutcome> image) {
    ImagePair pair = image._1();
    PerImageOutcome outcome = image._2();
    if (outcome.rejected()) {
      return null;
    }
    ImageRuns runs;
    try {
      // out of heap: one line naming the image and the fix, not Spark's fatal exit 52
      runs = ImageOutOfMemoryException.whileEvaluating(pair, source, () -> reader.read(pair));
    } catch (BadRecordException e) {
      throw new ImageRecordException(pair.getImageId(), ImageRecordException.fileOf(pair, e), Reason.of("the per-image stage evaluated it,"
          + " but the dataset-wide Lovász sort cannot read it again: {}", e.why()));
    }
    if (runs.pixels() != outcome.pixels()) {
      throw new ImageRecordException(pair.getImageId(), pair.getPredPath(), Reason.of("changed during the run: the"
          + " per-image stage read {} pixels, the dataset-wide Lovász sort {}", outcome.pixels(), runs.pixels()));
    }
    return runs.series();
  }

  /** Each bucket of the partition with its totals {Σ positives, Σ negatives}. */
  private static Iterator<Tuple2<Integer, double[]>> bucketTotals(Iterator<Tuple2<Integer, byte[]>> it) {
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

  /** Each bucket of the partition with its contribution: its runs merged and swept from its offsets. */
  private static Iterator<Tuple2<Integer, Double>> sweep(Iterator<Tuple2<Integer, byte[]>> it, double[] g,
      double[][] before) {
    Map<Integer, List<ErrorRuns>> chunks = new TreeMap<>();
    while (it.hasNext()) {
      Tuple2<Integer, byte[]> chunk = it.next();
      chunks.computeIfAbsent(chunk._1(), b -> new ArrayList<>()).add(ErrorRuns.fromBytes(chunk._2()));
    }
    List<Tuple2<Integer, Double>> out = new ArrayList<>();
    chunks.forEach((b, runs) -> out.add(new Tuple2<>(b,
        new LovaszSweep(g[b], before[b][0], before[b][1]).consume(ErrorRuns.merge(runs)).loss())));
    return out.iterator();
  }

  /** The emitted keys are bucket ids; a bucket's partition is {@code partitionOf[bucket]} ({@link #packBuckets}). */
  static final class BucketPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int[] partitionOf;
    private final int partitions;

    BucketPartitioner(int[] partitionOf) {
      this.partitionOf = partitionOf.clone();
      this.partitions = partitions(partitionOf);
    }

    /** How many partitions the buckets use: packBuckets numbers them from 0, in bucket order. */
    static int partitions(int[] partitionOf) {
      return partitionOf.length == 0 ? 0 : partitionOf[partitionOf.length - 1] + 1;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return partitionOf[(Integer) key];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BucketPartitioner b && Arrays.equals(b.partitionOf, partitionOf);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(partitionOf);
    }
  }
}
