package io.segeval.jobs.output;

/**
 * A result computed as NaN or infinite although every image's values were finite (an image with a
 * non-finite value is a bad record, refused before it is summed): a dataset-wide sum overflowed,
 * e.g. the BCE of logits near ±1e308. The run stops naming it: written as null it would read as
 * "not computed".
 */
public final class NonFiniteResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NonFiniteResultException(String name, double value) {
    super(name + " is " + value + " although every image's values were finite: a dataset-wide sum overflowed"
        + " (values near 1.8e308); SegEval does not write it as null, which means not computed");
  }

  /** {@code value}, unless it is (or, an array, holds) a NaN or infinite double. */
  static Object requireFinite(String name, Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      throw new NonFiniteResultException(name, d);
    }
    if (value instanceof Double[] values) {
      for (int i = 0; i < values.length; i++) {
        requireFinite(name + "[" + i + "]", values[i]);
      }
    }
    return value;
  }
}
