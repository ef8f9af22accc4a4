package io.segeval.core.lovasz;

/**
 * LSD radix sort of {@code long} keys, 11 bits per pass ({@link #sortByTopBits}: up to 14 for
 * many keys), optionally carrying a {@code double} payload along; no boxing, the scratch buffers
 * live in a reusable {@link Workspace}.
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
  /** {@link #sortByTopBits}: the widest digit, for many keys. */
  private static final int MAX_DIGIT_BITS = 14;
  private static final int MAX_PASSES = (64 + DIGIT_BITS - 1) / DIGIT_BITS;
  /** {@link #sortByTopBits}: runs up to this long are sorted by insertion. */
  private static final int SHORT_RUN = 16;

  private RadixSort() {}

  /** Scratch buffers of one thread, grown on demand and reused from one sort to the next. */
  public static final class Workspace {
    private long[] keyScratch = new long[0];
    private double[] valueScratch = new double[0];
    private int[] counts = new int[MAX_PASSES * RADIX];

    long[] keyScratch(int n) {
      if (keyScratch.length < n) {
        keyScratch = new long[grow(keyScratch.length, n)];
      }
      return keyScratch;
    }

    int[] counts(int n) {
      if (counts.length < n) {
        counts = new int[n];
      }
      return counts;
    }

    double[] valueScratch(int n) {
      if (valueScratch.length < n) {
        valueScratch = new double[grow(valueScratch.length, n)];
      }
      return valueScratch;
    }
  }

  /**
   * The length a buffer of {@code current} elements grows to when it must hold {@code needed}:
   * 1.5 × current (geometric, for buffers that grow image after image) but never less than
   * needed, so a first allocation is exact: a 120 Mpx tile's Lovász buffers are n long, not
   * 1.5·n (about 2 GB less heap for a Sentinel-2 tile). At most the largest Java array.
   */
  static int grow(int current, int needed) {
    long geometric = Math.min(Integer.MAX_VALUE - 8, current + (long) (current >> 1));
    return (int) Math.max(needed, Math.max(16, geometric));
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
    sortBits(keys, values, n, 0, keyBits, DIGIT_BITS, ws);
  }

  /**
   * Sorts {@code keys[0, n)} ascending as unsigned 64-bit integers, in two steps: a radix sort on
   * {@code topBits} bits only, the highest bits in which the keys differ (bits every key shares
   * tell nothing: for doubles over a few dozen binades, the top bits of the exponent), then every
   * run of keys equal in those bits sorted on the whole key. The result is the full 64-bit order;
   * it is faster than {@code sort(keys, n, 64, ws)} when those bits already tell almost all keys
   * apart (e.g. {@code topBits = 28}: the exponent bits that vary and 22 or more mantissa bits),
   * and never wrong when they do not, only slower. Many keys take wider digits
   * ({@link #digitBits}): two passes of 14 bits for {@code n >= 16384} and 28 bits.
   */
  public static void sortByTopBits(long[] keys, int n, int topBits, Workspace ws) {
    if (topBits < 1 || topBits > 64) {
      throw new IllegalArgumentException("topBits must be in [1, 64]: " + topBits);
    }
    long or = 0L;
    long and = -1L;
    for (int i = 0; i < n; i++) {
      or |= keys[i];
      and &= keys[i];
    }
    // a bit set in some keys and clear in others
    long varying = or ^ and;
    if (n < 2 || varying == 0L) {
      return;
    }
    int highBit = 64 - Long.numberOfLeadingZeros(varying);
    int lowBit = Math.max(0, highBit - topBits);
    sortBits(keys, null, n, lowBit, highBit - lowBit, digitBits(n, highBit - lowBit), ws);
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

  /**
   * The digit width for {@code keyBits} bits of n keys: as few passes as digits of 11 up to
   * min({@value #MAX_DIGIT_BITS}, log2 n) bits allow, spread evenly over the passes. A pass costs
   * about the same per key up to 14-bit digits (15 or 16 bits: the counters no longer stay in
   * the cache), while its 2^bits counters must stay few against n.
   */
  static int digitBits(int n, int keyBits) {
    int widest = Math.max(DIGIT_BITS, Math.min(MAX_DIGIT_BITS, 31 - Integer.numberOfLeadingZeros(n)));
    int passes = (keyBits + widest - 1) / widest;
    return (keyBits + passes - 1) / passes;
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

  /** The LSD passes over bits {@code [lowBit, lowBit + keyBits)}, {@code digitBits} a pass, stable, payload along. */
  private static void sortBits(
      long[] keys, double[] values, int n, int lowBit, int keyBits, int digitBits, Workspace ws) {
    if (n < 2) {
      return;
    }
    int passes = (keyBits + digitBits - 1) / digitBits;
    int radix = 1 << digitBits;
    int mask = radix - 1;
    int[] counts = ws.counts(passes * radix);
    java.util.Arrays.fill(counts, 0, passes * radix, 0);
    // One read of the keys builds the histograms of every digit.
    for (int i = 0; i < n; i++) {
      long k = keys[i] >>> lowBit;
      for (int p = 0; p < passes; p++) {
        counts[p * radix + (int) ((k >>> (p * digitBits)) & mask)]++;
      }
    }
    long[] src = keys;
    long[] dst = ws.keyScratch(n);
    double[] srcValues = values;
    double[] dstValues = values == null ? null : ws.valueScratch(n);
    for (int p = 0; p < passes; p++) {
      int shift = lowBit + p * digitBits;
      int base = p * radix;
      if (counts[base + (int) ((src[0] >>> shift) & mask)] == n) {
        continue; // every key has the same digit here
      }
      // counts -> starting offsets of each digit
      int offset = 0;
      for (int d = 0; d < radix; d++) {
        int c = counts[base + d];
        counts[base + d] = offset;
        offset += c;
      }
      if (srcValues == null) {
        for (int i = 0; i < n; i++) {
          long k = src[i];
          dst[counts[base + (int) ((k >>> shift) & mask)]++] = k;
        }
      } else {
        for (int i = 0; i < n; i++) {
          long k = src[i];
          int at = counts[base + (int) ((k >>> shift) & mask)]++;
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

  /**
   * A key whose unsigned order is the numeric order of {@code d}: the sign bit of a non-negative
   * value flipped (it sorts above every negative), all bits of a negative one flipped (a larger
   * magnitude sorts lower).
   */
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
