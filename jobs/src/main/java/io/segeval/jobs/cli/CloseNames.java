package io.segeval.jobs.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The names a misspelt one was probably meant to be, the same for a command-line option and a
 * {@code --config} key: those within a small edit distance of it (one typo in a short name, two in
 * a longer one) and, as picocli suggests, those that share its first two letters ({@code
 * tversky-alfa}: {@code tversky-beta} too); at most three, closest first. picocli's rule alone
 * misses a typo in the first two letters: {@code --treshold} got no {@code --threshold}.
 */
final class CloseNames {
  private CloseNames() {}

  /** Names of this length or shorter allow one edit; longer ones two. */
  private static final int SHORT = 4;

  /** picocli's rule: options that share this many first letters with the misspelt one. */
  private static final int SAME_START = 2;

  /** At most this many suggestions. */
  static final int MAX = 3;

  /** The names of {@code candidates} close to {@code name}: the {@link #MAX} closest, ties by name. */
  static List<String> to(String name, Collection<String> candidates) {
    int limit = name.length() <= SHORT ? 1 : 2;
    String start = name.substring(0, Math.min(SAME_START, name.length()));
    return candidates.stream()
        .distinct()
        .filter(c -> distance(name, c) <= limit || !start.isEmpty() && c.startsWith(start))
        .sorted(Comparator.<String>comparingInt(c -> distance(name, c)).thenComparing(Comparator.naturalOrder()))
        .limit(MAX)
        .toList();
  }

  /** "did you mean a or b?", of the first {@link #MAX} suggestions. */
  static String didYouMean(List<String> suggestions) {
    return "did you mean " + String.join(" or ", suggestions.subList(0, Math.min(MAX, suggestions.size()))) + "?";
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
   * neighbouring letters (a common typo) each cost 1.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
