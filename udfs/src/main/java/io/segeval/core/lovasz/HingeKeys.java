package io.segeval.core.lovasz;

import io.segeval.core.VectorSupport;

/**
 * The scan of the Lovász hinge's fast path (0/1 targets, logits that are exact floats): one sort
 * key per pixel with a positive error, {@code (sortableKey(m) << 1) | label} for the float margin
 * {@code m = x·(2t−1) < 1}. {@link ScalarHingeKeys} is the plain loop; {@code VectorHingeKeys}
 * checks several pixels per instruction and only builds keys for the vectors that have one (with
 * confident logits a few % of the pixels). Both write the same keys in the same order.
 */
interface HingeKeys {
  /** The implementation {@link VectorSupport} chooses; stateless, shared by all threads. */
  HingeKeys CHOSEN = VectorSupport.enabled()
      ? VectorSupport.newVectorKernel("io.segeval.core.lovasz.VectorHingeKeys", HingeKeys.class)
      : new ScalarHingeKeys();

  /**
   * Writes the keys of {@code [0, n)} to {@code keys} and their number to {@code ws.sortedCount};
   * returns the number of positive pixels, or −1 when a target is not 0/1 or a logit is not a float
   * (NaN included): then the general path must sort, and the keys are unusable.
   */
  long collect(double[] logits, double[] targets, int n, long[] keys, LovaszWorkspace ws);
}
