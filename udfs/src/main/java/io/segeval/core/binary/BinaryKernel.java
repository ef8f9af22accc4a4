package io.segeval.core.binary;

/**
 * The inner loop of the fused binary pass over one block of pixels {@code [from, to)}: adds the
 * block's sums and counts to {@link BlockSums}. {@link ScalarBinaryKernel} is the reference;
 * {@link BinaryKernels} picks the vector one when the JVM has the Vector API.
 *
 * <p>Both methods return false when an input is out of range (a target outside [0, 1]; for
 * probabilities also p outside [0, 1]; NaN fails both); the sums are then unusable and the caller
 * names the bad pixel. Non-finite logits are not checked here: they make the sums non-finite,
 * which the caller checks once per block.
 */
interface BinaryKernel {
  /** The parameters this kernel was built for. */
  BinaryParams params();

  boolean addLogits(double[] x, double[] t, int from, int to, BlockSums sums);

  boolean addProbabilities(double[] p, double[] t, int from, int to, BlockSums sums);
}
