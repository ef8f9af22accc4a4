package io.segeval.core.binary;

import io.segeval.core.EvaluationState;
import io.segeval.core.InputKind;
import io.segeval.core.NeumaierSum;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mergeable state of a whole binary evaluation: the dataset-wide {@link BinaryCounts} plus the
 * compensated sums behind the per-image means ({@code per_image_mean} of spec §2). Built image by
 * image with {@link #add}, combined with {@link #merge}; the result does not depend on the order.
 */
public final class BinaryEvaluation implements Serializable, EvaluationState {
  private static final long serialVersionUID = 1L;

  /** The keys of {@code per_image_mean}, in output order, each the mean of a per-image {@link BinaryMetric}. */
  public enum PerImageMean {
    /** Mean of each image's Lovász hinge; images with no pixels (or no hinge) are left out. */
    LOVASZ_HINGE_LOSS(BinaryMetric.LOVASZ_HINGE_LOSS),
    /** Mean of each image's soft Dice (smooth s). */
    DICE(BinaryMetric.DICE),
    /** Mean of each image's soft IoU (smooth s). */
    IOU(BinaryMetric.IOU),
    /** Mean of each image's hard Dice; an image with nothing predicted and nothing to find scores 1. */
    HARD_DICE(BinaryMetric.HARD_DICE);

    private final BinaryMetric metric;

    PerImageMean(BinaryMetric metric) {
      this.metric = metric;
    }

    /** The key under {@code per_image_mean}: its per-image metric's key ({@code dice}, ...). */
    public String key() {
      return metric.key();
    }

    /** Whether smaller is better: as its per-image metric. */
    public boolean isLoss() {
      return metric.isLoss();
    }

    /** Whether predictions of this kind can give the mean: as its per-image metric. */
    public boolean computableFrom(InputKind input) {
      return metric.computableFrom(input);
    }
  }

  private final BinaryCounts dataset;
  private long images;
  private long imagesWithLovasz;
  private final NeumaierSum lovasz = new NeumaierSum();
  private final NeumaierSum dice = new NeumaierSum();
  private final NeumaierSum iou = new NeumaierSum();
  private final NeumaierSum hardDice = new NeumaierSum();

  public BinaryEvaluation(BinaryParams params) {
    dataset = new BinaryCounts(params);
  }

  /**
   * Adds one image: its counts to the dataset sums, its scores to the per-image means. An image
   * without a Lovász hinge passes null (not NaN, which {@link io.segeval.core.lovasz.LovaszHinge}
   * gives for an image of no pixels): a NaN would make the hinge's mean NaN.
   */
  public BinaryEvaluation add(BinaryCounts imageCounts, BinaryImageScores scores) {
    dataset.merge(imageCounts);
    images++;
    // The hinge is null for an image with no pixels and when not computed: left out of its mean.
    if (scores.lovaszHingeLoss() != null) {
      imagesWithLovasz++;
      lovasz.add(scores.lovaszHingeLoss());
    }
    dice.add(scores.dice());
    iou.add(scores.iou());
    hardDice.add(scores.hardDice());
    return this;
  }

  /** Adds another evaluation's images (both built with equal parameters); the order does not matter. */
  public BinaryEvaluation merge(BinaryEvaluation other) {
    dataset.merge(other.dataset);
    images += other.images;
    imagesWithLovasz += other.imagesWithLovasz;
    lovasz.add(other.lovasz);
    dice.add(other.dice);
    iou.add(other.iou);
    hardDice.add(other.hardDice);
    return this;
  }

  /** The dataset-wide counts of all images added: this evaluation's own state, not a copy. */
  public BinaryCounts dataset() {
    return dataset;
  }

  /** Images added, those of no pixels included. */
  @Override
  public long images() {
    return images;
  }

  /**
   * The per-image means; a mean over no images (no image with a hinge, for the Lovász one) is null.
   * Dice, IoU and hard Dice lie in [0, 1] for every image, so their means are finite. The Lovász
   * mean is NaN (never infinite, {@link NeumaierSum}) only if an image's hinge was NaN or the
   * hinges add up past the double range.
   */
  public Map<PerImageMean, Double> perImageMeans() {
    Map<PerImageMean, Double> m = new LinkedHashMap<>();
    m.put(PerImageMean.LOVASZ_HINGE_LOSS, mean(lovasz, imagesWithLovasz));
    m.put(PerImageMean.DICE, mean(dice, images));
    m.put(PerImageMean.IOU, mean(iou, images));
    m.put(PerImageMean.HARD_DICE, mean(hardDice, images));
    return m;
  }

  /** Σ / count, null over no images. */
  private static Double mean(NeumaierSum sum, long count) {
    return count == 0 ? null : sum.value() / count;
  }
}
