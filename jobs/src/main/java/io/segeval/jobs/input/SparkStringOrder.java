package io.segeval.jobs.input;

import java.util.Comparator;
import java.util.List;

/**
 * Spark's string order (UTF-8 bytes, i.e. code points), which for rare characters differs from
 * {@link String#compareTo}: the driver sorts the folder pairs in it, so that per_image/ is written
 * in the order Spark would sort it, without a sort.
 */
final class SparkStringOrder {
  private SparkStringOrder() {}

  /** Code point by code point; a prefix first (U+1F600, a surrogate pair in Java, after U+E000). */
  static final Comparator<String> STRINGS = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  /** Two lists of group values of one size, value by value. */
  static int compareValues(List<String> a, List<String> b) {
    for (int k = 0; k < a.size(); k++) {
      int c = STRINGS.compare(a.get(k), b.get(k));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
