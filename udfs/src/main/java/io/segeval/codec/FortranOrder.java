package io.segeval.codec;

/** Fortran (column-major) order, the first index fastest, rewritten into C (row-major) order. */
final class FortranOrder {

  private FortranOrder() {}

  /** Fortran order equals C order when at most one dimension is larger than 1. */
  static boolean needsTranspose(int[] shape) {
    int big = 0;
    for (int d : shape) {
      if (d > 1) {
        big++;
      }
    }
    return big > 1;
  }

  /**
   * Walks the C-order index with an odometer; the Fortran offset of (i0..ik) is sum(i_j *
   * fstride_j) with fstride_0 = 1 and fstride_j = fstride_{j-1} * shape_{j-1}.
   */
  static void toC(double[] fortran, int[] shape, double[] out) {
    int rank = shape.length;
    int[] fstride = new int[rank];
    int[] idx = new int[rank];
    fstride[0] = 1;
    for (int j = 1; j < rank; j++) {
      fstride[j] = fstride[j - 1] * shape[j - 1];
    }
    int n = fortran.length;
    int src = 0;
    for (int c = 0; c < n; c++) {
      out[c] = fortran[src];
      for (int j = rank - 1; j >= 0; j--) { // advance the last (fastest in C) index first
        idx[j]++;
        src += fstride[j];
        if (idx[j] < shape[j]) {
          break;
        }
        src -= fstride[j] * shape[j];
        idx[j] = 0;
      }
    }
  }
}
