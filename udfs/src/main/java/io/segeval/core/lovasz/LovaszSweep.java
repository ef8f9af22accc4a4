package io.segeval.core.lovasz;

import io.segeval.core.NeumaierSum;
import java.util.List;

/**
 * One segment of the dataset-wide Lovász sweep: consumes {@link ErrorRuns} in descending error
 * order and adds each run's {@code e·(J_after − J_before)}, with {@code J = 1 − (g − P)/(g + N)}
 * for the cumulative target weight P and non-target weight N of everything consumed so far
 * (including what came before the segment), and {@code J = 0} before any pixel. Ties inside a run
 * telescope, so this equals the per-pixel sum of the reference.
 *
 * <p>{@code g} is the target weight of ALL pixels of the dataset, including those with error <= 0
 * that are in no run. The dataset-wide loss is the sum over buckets, in bucket order (largest
 * errors first), of each bucket's sweep started at the prefix sums of the earlier buckets'
 * {@link ErrorRuns#totalPositive()} and {@code totalCount() − totalPositive()}; {@link
 * #datasetLoss} does exactly that. The segment's loss is a compensated sum; NaN errors give NaN.
 *
 * <p>Precision: P and N (and the prefixes across buckets) are plain double running sums, like the
 * cumulative sums of {@link LovaszGradient#dot} and the reference's {@code cumsum}: they are part of
 * the gradient's definition and are updated once per run. Exact for 0/1 targets (whole numbers
 * below 2^53); with soft targets each carries a relative rounding error of at most about (runs so
 * far)·2^−53. Each bucket's own total ({@link ErrorRuns#totalPositive}) is compensated.
 */
public final class LovaszSweep {
  private final double g;
  private double positives;
  private double negatives;
  private double jaccard;
  private final NeumaierSum loss = new NeumaierSum();

  /** A sweep over a segment preceded by pixels of target weight P and non-target weight N. */
  public LovaszSweep(double g, double positivesBefore, double negativesBefore) {
    this.g = g;
    this.positives = positivesBefore;
    this.negatives = negativesBefore;
    this.jaccard = LovaszGradient.jaccard(g, positivesBefore, negativesBefore);
  }

  /** Consumes all runs of {@code runs}, which must come after everything consumed so far. */
  public LovaszSweep consume(ErrorRuns runs) {
    return consume(runs, 0, runs.size());
  }

  /** Consumes runs {@code [from, to)}. */
  public LovaszSweep consume(ErrorRuns runs, int from, int to) {
    for (int i = from; i < to; i++) {
      positives += runs.positive(i);
      negatives += runs.negative(i);
      double after = LovaszGradient.jaccard(g, positives, negatives);
      // relu(e)·(J_after − J_before), e > 0 in a run
      loss.add(runs.error(i) * (after - jaccard));
      jaccard = after;
    }
    return this;
  }

  /**
   * This segment's contribution to the loss: NaN when a run's error is NaN, or (compensated sum,
   * {@link NeumaierSum}) when a term is infinite or the terms add up past the double range.
   */
  public double loss() {
    return loss.value();
  }

  /**
   * Lovász loss of a whole dataset from its buckets, given in bucket order (largest errors first),
   * each bucket already merged into one sorted list; {@code g} as in the class comment. NaN as
   * {@link #loss()} is.
   */
  public static double datasetLoss(double g, List<ErrorRuns> bucketsInOrder) {
    NeumaierSum total = new NeumaierSum();
    double positivesBefore = 0.0;
    double negativesBefore = 0.0;
    for (ErrorRuns bucket : bucketsInOrder) {
      total.add(new LovaszSweep(g, positivesBefore, negativesBefore).consume(bucket).loss());
      double p = bucket.totalPositive();
      positivesBefore += p;
      negativesBefore += bucket.totalCount() - p;
    }
    return total.value();
  }
}
