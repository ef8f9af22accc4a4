package io.segeval.core.binary;

/**
 * The plain (uncompensated) sums and counts of one block of at most a few thousand pixels, filled
 * by a {@link BinaryKernel} and then moved into a {@link BinaryCounts}' compensated sums.
 */
final class BlockSums {
  /** Σ p·t, Σ p, Σ t, Σ bce, Σ focal, Σ wce over the block. */
  double intersection, pred, target, bce, focal, wce;
  /** Pixels predicted positive, with a positive target, and both. */
  int predPositive, targetPositive, truePositive;

  void clear() {
    intersection = pred = target = bce = focal = wce = 0;
    predPositive = targetPositive = truePositive = 0;
  }
}
