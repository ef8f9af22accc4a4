package io.segeval.jobs.input;

import io.segeval.codec.ReusedBuffer;

/**
 * One array cell of a table row as the pair holds it (doubles, floats or ints: {@link ArrayCells}),
 * read as doubles: a double cell is used as it is, floats and ints are widened into a reused
 * buffer only when asked, after the cell's shape has been checked. Every float and int is exact
 * in double, so the values are those of a cast to {@code array<double>}.
 */
record ArrayValues(double[] doubles, float[] floats, int[] ints, double[] reuse) {
  /** The cell, or null when the pair has no array on this side. */
  static ArrayValues of(double[] doubles, float[] floats, int[] ints, double[] reuse) {
    return doubles == null && floats == null && ints == null ? null : new ArrayValues(doubles, floats, ints, reuse);
  }

  /** The number of values. */
  int length() {
    return doubles != null ? doubles.length : floats != null ? floats.length : ints.length;
  }

  /** The values as doubles: the cell's own array, or the first {@link #length()} of a reused buffer. */
  double[] data() {
    if (doubles != null) {
      return doubles;
    }
    double[] out = ReusedBuffer.atLeast(reuse, length());
    if (floats != null) {
      for (int i = 0; i < floats.length; i++) {
        out[i] = floats[i];
      }
    } else {
      for (int i = 0; i < ints.length; i++) {
        out[i] = ints[i];
      }
    }
    return out;
  }
}
