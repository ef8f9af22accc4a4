package io.segeval.core.multiclass;

import io.segeval.core.VectorSupport;

/**
 * Chooses the {@link ChannelKernel}: {@code VectorChannelKernel} when {@link VectorSupport} says
 * the Vector API is usable, {@link ScalarChannelKernel} otherwise (or with
 * {@code -Dsegeval.kernels=scalar}). The vector class is loaded by name, only in the first case.
 */
final class ChannelKernels {
  private static final String VECTOR_KERNEL = "io.segeval.core.multiclass.VectorChannelKernel";

  private ChannelKernels() {}

  /** The kernel this JVM uses for {@code numClasses} channels. */
  static ChannelKernel forClasses(int numClasses) {
    return VectorSupport.enabled() ? vector(numClasses) : scalar(numClasses);
  }

  static ChannelKernel scalar(int numClasses) {
    return new ScalarChannelKernel(numClasses);
  }

  /** The vector kernel; only when {@link VectorSupport#available()}. */
  static ChannelKernel vector(int numClasses) {
    return VectorSupport.newVectorKernel(VECTOR_KERNEL, ChannelKernel.class, Integer.class, numClasses);
  }
}
