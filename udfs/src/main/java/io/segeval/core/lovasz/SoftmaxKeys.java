package io.segeval.core.lovasz;

import io.segeval.core.VectorSupport;

/**
 * The scan of the Lovász-softmax for one class c: one sort key per pixel that is not ignored and
 * has a positive error {@code e = |fg − p_c|} (or NaN), {@code ((Long.MAX_VALUE − bits(e)) << 1) | fg}
 * with {@code fg = [label = c]}: ascending keys are descending errors. A background pixel whose
 * error is below a given bound is left out too ({@link LovaszSoftmax#perImage} passes the least
 * foreground error: such pixels come after every foreground one, where their terms are 0).
 * {@link ScalarSoftmaxKeys} is the plain loop; {@code VectorSoftmaxKeys} makes the keys of several
 * pixels per instruction. Both write the same keys in the same order.
 */
interface SoftmaxKeys {
  /** The implementation {@link VectorSupport} chooses; stateless, shared by all threads. */
  SoftmaxKeys CHOSEN = VectorSupport.enabled()
      ? VectorSupport.newVectorKernel("io.segeval.core.lovasz.VectorSoftmaxKeys", SoftmaxKeys.class)
      : new ScalarSoftmaxKeys();

  /**
   * Writes the keys of class c over pixels {@code [0, n)} of the channel-major {@code probs} to
   * {@code keys} (at least n long) and returns their number; background pixels ({@code fg = 0})
   * with {@code e < below} are left out (0: none).
   */
  int collect(double[] probs, int c, double[] labels, int n, int ignoreIndex, double below, long[] keys);
}
