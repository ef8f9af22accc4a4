package io.segeval.core.binary;

import io.segeval.core.VectorSupport;

/**
 * Chooses the {@link BinaryKernel}: {@code VectorBinaryKernel} when {@link VectorSupport} says the
 * Vector API is usable, {@link ScalarBinaryKernel} otherwise (or with
 * {@code -Dsegeval.kernels=scalar}). The vector class is loaded by name, only in the first case.
 * Kernels hold scratch buffers, so each thread keeps its own, rebuilt when the parameters change.
 */
final class BinaryKernels {
  private static final String VECTOR_KERNEL = "io.segeval.core.binary.VectorBinaryKernel";
  private static final ThreadLocal<BinaryKernel> PER_THREAD = new ThreadLocal<>();

  private BinaryKernels() {}

  /** This thread's kernel for {@code params}. */
  static BinaryKernel forParams(BinaryParams params) {
    BinaryKernel kernel = PER_THREAD.get();
    if (kernel == null || !kernel.params().equals(params)) {
      kernel = VectorSupport.enabled() ? vector(params) : scalar(params);
      PER_THREAD.set(kernel);
    }
    return kernel;
  }

  static BinaryKernel scalar(BinaryParams params) {
    return new ScalarBinaryKernel(params);
  }

  /** A new vector kernel; only when {@link VectorSupport#available()}. */
  static BinaryKernel vector(BinaryParams params) {
    return VectorSupport.newVectorKernel(VECTOR_KERNEL, BinaryKernel.class, BinaryParams.class, params);
  }
}
