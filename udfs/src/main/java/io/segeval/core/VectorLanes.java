package io.segeval.core;

import jdk.incubator.vector.DoubleVector;

/** Loaded only when {@code jdk.incubator.vector} is present (see {@link VectorSupport}). */
final class VectorLanes {
  private VectorLanes() {}

  /** Doubles per vector of the preferred (widest fast) species of this CPU. */
  public static int preferred() {
    return DoubleVector.SPECIES_PREFERRED.length();
  }
}
