package io.segeval.codec;

/**
 * IEEE 754 half precision (numpy float16) to double; Java 17 has no {@code
 * Float.float16ToFloat}. Every half value is exactly representable as a double, so the
 * conversion is exact; NaN stays NaN and ±infinity stays ±infinity.
 */
final class Half {

  private Half() {}

  /** Bits: sign (1) | exponent (5, bias 15) | mantissa (10). */
  static double toDouble(short bits) {
    int sign = (bits >>> 15) & 1;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    double magnitude;
    if (exp == 0) {
      magnitude = mant * 0x1p-24; // zero or subnormal: mant * 2^-14 * 2^-10
    } else if (exp == 31) {
      magnitude = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      magnitude = (1024 + mant) * Math.scalb(1.0, exp - 25); // (1 + mant/2^10) * 2^(exp-15)
    }
    return sign == 0 ? magnitude : -magnitude;
  }
}
