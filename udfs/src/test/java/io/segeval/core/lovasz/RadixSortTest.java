package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RadixSortTest {
  private final RadixSort.Workspace ws = new RadixSort.Workspace();

  @Test
  void sortsUnsigned64BitKeysWithPayload() {
    Random rnd = new Random(1);
    for (int n : new int[] {0, 1, 2, 3, 100, 5000}) {
      long[] keys = new long[n + 3]; // longer than n: the tail must stay untouched
      double[] values = new double[n + 3];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextLong();
        values[i] = keys[i] * 0.5; // payload determined by the key
      }
      long[] expected = Arrays.copyOf(keys, n);
      long[] tail = Arrays.copyOfRange(keys, n, n + 3);
      for (int i = 0; i < n; i++) {
        expected[i] ^= Long.MIN_VALUE; // unsigned order = signed order of flipped sign bit
      }
      Arrays.sort(expected);
      for (int i = 0; i < n; i++) {
        expected[i] ^= Long.MIN_VALUE;
      }
      RadixSort.sort(keys, values, n, 64, ws);
      assertArrayEquals(expected, Arrays.copyOf(keys, n));
      assertArrayEquals(tail, Arrays.copyOfRange(keys, n, n + 3));
      for (int i = 0; i < n; i++) {
        assertEquals(keys[i] * 0.5, values[i]);
      }
    }
  }

  @Test
  void sortingByTheTopBitsGivesTheFull64BitOrder() {
    Random rnd = new Random(2);
    for (int topBits : new int[] {1, 11, 33, 40, 64}) {
      for (int n : new int[] {0, 1, 2, 17, 1000, 20_000}) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
          // clusters that share their top bits (short and long runs), plus spread keys, both signs
          long base = rnd.nextInt(3) == 0 ? rnd.nextLong() : (long) rnd.nextInt(n / 50 + 2) << 40 ^ (rnd.nextBoolean() ? Long.MIN_VALUE : 0);
          keys[i] = base + rnd.nextInt(1 << 20);
        }
        long[] expected = unsignedSorted(keys);
        RadixSort.sortByTopBits(keys, n, topBits, ws);
        assertArrayEquals(expected, keys, "topBits=" + topBits + " n=" + n);
      }
    }
  }

  @Test
  void sortingByTheTopBitsStartsWhereTheKeysDiffer() {
    Random rnd = new Random(3);
    for (int n : new int[] {2, 300, 20_000, 70_000}) {
      for (long shared : new long[] {0x7ff0_0000_0000_0000L, 0xffff_ff00_0000_0000L, 0L}) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
          // the top bits shared by all, then a few distinct values (ties) or 40 random bits
          long low = rnd.nextInt(4) == 0 ? rnd.nextInt(8) : rnd.nextLong() >>> 24;
          keys[i] = shared | low;
        }
        long[] expected = unsignedSorted(keys);
        RadixSort.sortByTopBits(keys, n, 28, ws);
        assertArrayEquals(expected, keys, "n=" + n + " shared=" + Long.toHexString(shared));
      }
    }
  }

  @Test
  void sortingEqualKeysByTheTopBitsLeavesThem() {
    long[] keys = {-5L, -5L, -5L};
    RadixSort.sortByTopBits(keys, 3, 28, ws);
    assertArrayEquals(new long[] {-5L, -5L, -5L}, keys);
  }

  @Test
  void manyKeysTakeFewerWiderDigits() {
    assertEquals(14, RadixSort.digitBits(1 << 18, 28)); // 2 passes
    assertEquals(14, RadixSort.digitBits(1 << 14, 28));
    assertEquals(10, RadixSort.digitBits(1000, 28)); // 3 passes of at most 11 bits
    assertEquals(11, RadixSort.digitBits(1000, 64)); // 6 passes
  }

  /** Java's sort on keys with the sign bit flipped: unsigned order. */
  private static long[] unsignedSorted(long[] keys) {
    long[] sorted = keys.clone();
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] ^= Long.MIN_VALUE;
    }
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] ^= Long.MIN_VALUE;
    }
    return sorted;
  }

  @Test
  void isStableAndComparesOnlyTheLowKeyBits() {
    long[] keys = {(7L << 33) | 5, (1L << 33) | 2, (3L << 33) | 5, 2};
    RadixSort.sort(keys, keys.length, 33, ws);
    // low 33 bits: 5, 2, 5, 2 -> 2, 2, 5, 5 keeping the original order of equal low parts
    assertArrayEquals(new long[] {(1L << 33) | 2, 2, (7L << 33) | 5, (3L << 33) | 5}, keys);
  }

  @Test
  void skipsPassesWhereEveryDigitIsEqual() {
    // all keys share the high digits; only the lowest digit differs
    long[] keys = {0xABCD_0000_0005L, 0xABCD_0000_0001L, 0xABCD_0000_0003L};
    double[] values = {5, 1, 3};
    RadixSort.sort(keys, values, 3, 64, ws);
    assertArrayEquals(new long[] {0xABCD_0000_0001L, 0xABCD_0000_0003L, 0xABCD_0000_0005L}, keys);
    assertArrayEquals(new double[] {1, 3, 5}, values);
  }

  @Test
  void sortableKeysFollowNumericOrder() {
    double[] ordered = {
      Double.NEGATIVE_INFINITY, -1e300, -2.5, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1e-300,
      1.0, 1.0000000000000002, 1e4, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN
    };
    for (int i = 0; i < ordered.length; i++) {
      long k = RadixSort.sortableKey(ordered[i]);
      assertEquals(Double.doubleToRawLongBits(ordered[i]),
          Double.doubleToRawLongBits(RadixSort.fromSortableKey(k)));
      if (i > 0) {
        assertTrue(Long.compareUnsigned(RadixSort.sortableKey(ordered[i - 1]), k) < 0, "at " + i);
      }
    }
    float[] floats = {Float.NEGATIVE_INFINITY, -3e38f, -1f, -0f, 0f, 1e-45f, 0.5f, 1f, 3e38f,
      Float.POSITIVE_INFINITY};
    for (int i = 0; i < floats.length; i++) {
      long k = RadixSort.sortableKey(floats[i]);
      assertTrue(k >= 0 && k < (1L << 32));
      assertEquals(Float.floatToRawIntBits(floats[i]),
          Float.floatToRawIntBits(RadixSort.fromSortableFloatKey(k)));
      if (i > 0) {
        assertTrue(RadixSort.sortableKey(floats[i - 1]) < k, "at " + i);
      }
    }
  }
}
