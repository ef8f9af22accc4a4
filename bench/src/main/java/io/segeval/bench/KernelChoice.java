package io.segeval.bench;

import io.segeval.core.VectorSupport;

/**
 * Selects the kernels of a forked benchmark JVM ({@code -Dsegeval.kernels}) before SegEval's code
 * first runs, and checks that the choice took: JMH forks a JVM per parameter combination, so a
 * {@code @Param} can choose between the vector and the scalar loops.
 */
final class KernelChoice {
  private KernelChoice() {}

  static void select(String kernels) {
    System.setProperty(VectorSupport.PROPERTY, kernels);
    boolean vector = kernels.equals("vector");
    if (VectorSupport.enabled() != vector) {
      throw new IllegalStateException("asked for the " + kernels + " kernels but this JVM runs "
          + VectorSupport.describe() + " (run forked, with --add-modules=jdk.incubator.vector)");
    }
  }
}
