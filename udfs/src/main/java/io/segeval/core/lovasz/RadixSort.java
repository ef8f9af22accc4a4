package io.segeval.core.lovasz;

/**
 * LSD radix sort of {@code long} keys, 11 bits per pass, optionally carrying a {@code double}
 * payload along; no boxing, the scratch buffers live in a reusable {@link Workspace}.
 *
 * <p>Keys compare as unsigned integers on their low {@code keyBits} bits (higher bits are carried
 * but ignored). A pass whose digit is the same for every key is skipped. The sort is stable.
 * Use {@link #sortableKey(double)} / {@link #sortableKey(float)} to turn floating-point values
 * into keys whose unsigned order is the numeric order (negate the key with {@code ~} for
 * descending order). In that order -0.0 sorts just before +0.0 and NaN (positive bit pattern)
 * after +infinity.
 */
public final class RadixSort {
  static final int DIGIT_BITS = 11;
  static final int RADIX = 1 << DIGIT_BITS;
  private static final int MASK = RADIX - 1;
  private static final int MAX_PASSES = (64 + DIGIT_BITS - 1) / DIGIT_BITS;
  /** {@link #sortByTopBits}: runs up to this long are sorted by insertion. */
  private static final int SHORT_RUN = 16;

  private RadixSort() {}

  /** Scratch buffers of one thread, grown on demand and reused from one sort to the next. */
  public static final class Workspace {
    private long[] keyScratch = new long[0];
    private double[] valueScratch = new double[0];
    private final int[] counts = new int[MAX_PASSES * RADIX];

    long[] keyScratch(int n) {
      if (keyScratch.length < n) {
        keyScratch = new long[grow(n)];
      }
      return keyScratch;
    }

    double[] valueScratch(int n) {
      if (valueScratch.length < n) {
        valueScratch = new double[grow(n)];
      }
      return valueScratch;
    }
  }

  static int grow(int n) {
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, n + (long) (n >> 1)));
  }

  /** Sorts {@code keys[0, n)} ascending (unsigned, low {@code keyBits} bits) in place. */
  public static void sort(long[] keys, int n, int keyBits, Workspace ws) {
    sort(keys, null, n, keyBits, ws);
  }

  /**
   * Sorts {@code keys[0, n)} ascending (unsigned, low {@code keyBits} bits) in place, moving
   * {@code values[i]} along with {@code keys[i]}; {@code values} may be null.
   */
  public static void sort(long[] keys, double[] values, int n, int keyBits, Workspace ws) {
    if (keyBits < 1 || keyBits > 64) {
      throw new IllegalArgumentException("keyBits must be in [1, 64]: " + keyBits);
    }
    sortBits(keys, values, n, 0, keyBits, ws);
  }

  /**
   * Sorts {@code keys[0, n)} ascending as unsigned 64-bit integers, in two steps: a radix sort on
   * the top {@code topBits} bits only ({@code ⌈topBits/11⌉} passes instead of 6), then every run
   * of keys equal in those bits sorted on the whole key. The result is the full 64-bit order;
   * it is faster than {@code sort(keys, n, 64, ws)} when the top bits already tell almost all
   * keys apart (e.g. the sign, exponent and first 21 mantissa bits of doubles spread over a few
   * binades: {@code topBits = 33}), and never wrong when they do not, only slower.
   */
  public static void sortByTopBits(long[] keys, int n, int topBits, Workspace ws) {
    if (topBits < 1 || topBits > 64) {
      throw new IllegalArgumentException("topBits must be in [1, 64]: " + topBits);
    }
    int lowBit = 64 - topBits;
    sortBits(keys, null, n, lowBit, topBits, ws);
    if (lowBit == 0) {
      return;
    }
    // Keys of a run share their top bit, so signed order is unsigned order within it.
    for (int i = 0; i < n; ) {
      long top = keys[i] >>> lowBit;
      int j = i + 1;
      while (j < n && keys[j] >>> lowBit == top) {
        j++;
      }
      if (j - i <= SHORT_RUN) {
        insertionSort(keys, i, j);
      } else {
        java.util.Arrays.sort(keys, i, j);
      }
      i = j;
    }
  }

  private static void insertionSort(long[] keys, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      long k = keys[i];
      int j = i - 1;
      while (j >= from && keys[j] > k) {
        keys[j + 1] = keys[j];
        j--;
      }
      keys[j + 1] = k;
    }
  }

  /** The LSD passes over bits {@code [lowBit, lowBit + keyBits)}, stable, payload along. */
  private static void sortBits(long[] keys, double[] values, int n, int lowBit, int keyBits, Workspace ws) {
    if (n < 2) {
      return;
    }
    int passes = (keyBits + DIGIT_BITS - 1) / DIGIT_BITS;
    int[] counts = ws.counts;
    java.util.Arrays.fill(counts, 0, passes * RADIX, 0);
    // One read of the keys builds the histograms of every digit.
    for (int i = 0; i < n; i++) {
      long k = keys[i] >>> lowBit;
      for (int p = 0; p < passes; p++) {
        counts[p * RADIX + (int) ((k >>> (p * DIGIT_BITS)) & MASK)]++;
      }
    }
    long[] src = keys;
    long[] dst = ws.keyScratch(n);
    double[] srcValues = values;
    double[] dstValues = values == null ? null : ws.valueScratch(n);
    for (int p = 0; p < passes; p++) {
      int shift = lowBit + p * DIGIT_BITS;
      int base = p * RADIX;
      if (counts[base + (int) ((src[0] >>> shift) & MASK)] == n) {
        continue; // every key has the same digit here
      }
      // counts -> starting offsets of each digit
      int offset = 0;
      for (int d = 0; d < RADIX; d++) {
        int c = counts[base + d];
        counts[base + d] = offset;
        offset += c;
      }
      if (srcValues == null) {
        for (int i = 0; i < n; i++) {
          long k = src[i];
          dst[counts[base + (int) ((k >>> shift) & MASK)]++] = k;
        }
      } else {
        for (int i = 0; i < n; i++) {
          long k = src[i];
          int at = counts[base + (int) ((k >>> shift) & MASK)]++;
          dst[at] = k;
          dstValues[at] = srcValues[i];
        }
        double[] tv = srcValues;
        srcValues = dstValues;
        dstValues = tv;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    if (src != keys) {
      System.arraycopy(src, 0, keys, 0, n);
      if (values != null) {
        System.arraycopy(srcValues, 0, values, 0, n);
      }
    }
  }

  /** A key whose unsigned order is the numeric order of {@code d} (flip all bits of negatives). */
  public static long sortableKey(double d) {
    long b = Double.doubleToRawLongBits(d);
    return b ^ ((b >> 63) | Long.MIN_VALUE);
  }

  /** Inverse of {@link #sortableKey(double)}. */
  public static double fromSortableKey(long key) {
    return Double.longBitsToDouble(key ^ ((~key >> 63) | Long.MIN_VALUE));
  }

  /** A 32-bit key (in the low bits of the long) whose unsigned order is the order of {@code f}. */
  public static long sortableKey(float f) {
    int b = Float.floatToRawIntBits(f);
    return (b ^ ((b >> 31) | Integer.MIN_VALUE)) & 0xFFFF_FFFFL;
  }

  /** Inverse of {@link #sortableKey(float)} (uses the low 32 bits of {@code key}). */
  public static float fromSortableFloatKey(long key) {
    int k = (int) key;
    return Float.intBitsToFloat(k ^ ((~k >> 31) | Integer.MIN_VALUE));
  }
}
