package io.segeval.core.lovasz;

import io.segeval.core.NeumaierSum;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Pixels' Lovász errors as a run-length list sorted by error in strictly descending order: run i
 * holds {@code count(i)} pixels of error {@code error(i)} whose targets sum to {@code
 * positive(i)} (their non-target weight is {@code count − positive}). Only errors > 0 are kept
 * (an error <= 0 contributes nothing); equal errors are merged into one run.
 *
 * <p>Buckets: with K−1 non-increasing boundaries {@code b_1 >= ... >= b_{K−1}}, an error e belongs
 * to bucket {@code #{i : b_i >= e}}, i.e. bucket 0 holds {@code e > b_1}, bucket i holds
 * {@code b_{i+1} < e <= b_i}, bucket K−1 holds {@code e <= b_{K−1}}. Bucket 0 holds the largest
 * errors, so a sweep visits buckets 0, 1, ... in order. Equal boundaries make empty buckets.
 *
 * <p>NaN errors (from NaN inputs) sort first and fall in bucket 0; the loss is then NaN.
 * Immutable.
 */
public final class ErrorRuns implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final byte FORMAT = 1;
  private static final byte INTEGRAL_POSITIVES = 1;

  /** No runs. */
  public static final ErrorRuns EMPTY = new ErrorRuns(new double[0], new double[0], new long[0], 0);

  private final double[] errors;
  private final double[] positives;
  private final long[] counts;
  private final int size;

  private ErrorRuns(double[] errors, double[] positives, long[] counts, int size) {
    this.errors = errors;
    this.positives = positives;
    this.counts = counts;
    this.size = size;
  }

  /**
   * Runs of {@code errors[0,n)} (descending) with target weights {@code targets[0,n)}; errors <= 0
   * are dropped and equal errors merged.
   */
  public static ErrorRuns fromSorted(double[] errors, double[] targets, int n) {
    double[] e = new double[Math.min(n, 16)];
    double[] p = new double[e.length];
    long[] c = new long[e.length];
    int size = 0;
    for (int k = 0; k < n; k++) {
      double error = errors[k];
      if (error <= 0.0) {
        break; // descending: the rest are <= 0 too
      }
      if (size > 0 && sameError(e[size - 1], error)) {
        p[size - 1] += targets[k];
        c[size - 1]++;
        continue;
      }
      if (size == e.length) {
        int len = RadixSort.grow(size, size + 1);
        e = Arrays.copyOf(e, len);
        p = Arrays.copyOf(p, len);
        c = Arrays.copyOf(c, len);
      }
      e[size] = error;
      p[size] = targets[k];
      c[size] = 1;
      size++;
    }
    return new ErrorRuns(e, p, c, size);
  }

  /**
   * The runs of Lovász-softmax keys {@code keys[0,n)} sorted ascending (errors descending; a key
   * is the inverted bit pattern of its error e above the target bit fg, {@link
   * LovaszSoftmax#unpack}): the same as {@link #fromSorted} of the unpacked errors and targets,
   * without unpacking them, in arrays sized to the runs (counted first).
   */
  public static ErrorRuns fromSortedKeys(long[] keys, int n) {
    int kept = 0; // keys of errors > 0 (or NaN): the rest are <= 0
    int size = 0;
    for (; kept < n; kept++) {
      double error = errorOfKey(keys[kept]);
      if (error <= 0.0) {
        break;
      }
      size += kept > 0 && sameError(errorOfKey(keys[kept - 1]), error) ? 0 : 1;
    }
    double[] e = new double[size];
    double[] p = new double[size];
    long[] c = new long[size];
    int run = -1;
    for (int k = 0; k < kept; k++) {
      double error = errorOfKey(keys[k]);
      if (run < 0 || !sameError(e[run], error)) {
        e[++run] = error;
      }
      p[run] += keys[k] & 1L;
      c[run]++;
    }
    return new ErrorRuns(e, p, c, size);
  }

  private static double errorOfKey(long key) {
    return Double.longBitsToDouble(Long.MAX_VALUE - (key >>> 1));
  }

  private static boolean sameError(double a, double b) {
    return Double.compare(a, b) == 0;
  }

  public int size() {
    return size;
  }

  public double error(int i) {
    return errors[i];
  }

  public double positive(int i) {
    return positives[i];
  }

  public long count(int i) {
    return counts[i];
  }

  /** Non-target weight of run i, {@code Σ (1 − t)}. */
  public double negative(int i) {
    return counts[i] - positives[i];
  }

  /**
   * Σ positive(i), compensated: exact for hard targets (whole numbers), and within an ulp or two
   * of the exact sum of the stored run weights for soft targets, however many runs.
   */
  public double totalPositive() {
    NeumaierSum s = new NeumaierSum();
    for (int i = 0; i < size; i++) {
      s.add(positives[i]);
    }
    return s.value();
  }

  /**
   * The least error of a run with target weight (> 0), +∞ if none; NaN if the NaN run (the first:
   * all NaN errors share one) has target weight, as {@link Math#min} over those runs would give.
   * Runs are descending, so the last such run's.
   */
  public double leastTargetError() {
    if (size > 0 && Double.isNaN(errors[0]) && positives[0] > 0) {
      return Double.NaN;
    }
    for (int i = size - 1; i >= 0; i--) {
      if (positives[i] > 0) {
        return errors[i];
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** Whether every run's target weight is a whole number (hard targets). */
  public boolean wholeTargets() {
    for (int i = 0; i < size; i++) {
      if (positives[i] != Math.rint(positives[i])) {
        return false;
      }
    }
    return true;
  }

  public long totalCount() {
    long s = 0;
    for (int i = 0; i < size; i++) {
      s += counts[i];
    }
    return s;
  }

  /**
   * Start index of each bucket's runs, length K+1 for K−1 boundaries: bucket i is runs
   * {@code [starts[i], starts[i+1])}.
   */
  public int[] bucketStarts(double[] boundaries) {
    int buckets = boundaries.length + 1;
    int[] starts = new int[buckets + 1];
    starts[buckets] = size;
    for (int i = 1; i < buckets; i++) {
      // first run with error <= b_i, searching from the previous start
      int lo = starts[i - 1];
      int hi = size;
      double b = boundaries[i - 1];
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (errors[mid] <= b) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      starts[i] = lo;
    }
    return starts;
  }

  /**
   * The number of leading runs whose error is not below {@code bound}: runs {@code [0, n)} have
   * {@code error >= bound} (or NaN, which sorts first), the rest {@code error < bound}. A NaN bound
   * counts every run.
   */
  public int countAtLeast(double bound) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (errors[mid] < bound) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Runs {@code [from, to)} as their own list (copied). */
  public ErrorRuns slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size);
    }
    return new ErrorRuns(
        Arrays.copyOfRange(errors, from, to),
        Arrays.copyOfRange(positives, from, to),
        Arrays.copyOfRange(counts, from, to),
        to - from);
  }

  /**
   * One list of all runs, sorted descending, equal errors merged; equal errors of several lists
   * are added in list order. A k-way merge through a tree of losers: each run taken costs one
   * comparison of two head errors per level, log2(k) in all.
   */
  public static ErrorRuns merge(List<ErrorRuns> lists) {
    ErrorRuns[] from = lists.stream().filter(r -> r.size > 0).toArray(ErrorRuns[]::new);
    int total = 0;
    for (ErrorRuns r : from) {
      total += r.size;
    }
    double[] e = new double[total];
    double[] p = new double[total];
    long[] c = new long[total];
    int size = 0;
    LoserTree tree = new LoserTree(from);
    for (int taken = 0; taken < total; taken++) {
      int list = tree.winner();
      ErrorRuns r = from[list];
      int at = tree.cursor[list];
      double error = r.errors[at];
      if (size > 0 && sameError(e[size - 1], error)) {
        p[size - 1] += r.positives[at];
        c[size - 1] += r.counts[at];
      } else {
        e[size] = error;
        p[size] = r.positives[at];
        c[size] = r.counts[at];
        size++;
      }
      tree.advance(list);
    }
    return new ErrorRuns(e, p, c, size);
  }

  /**
   * The tournament of a k-way merge: list i is leaf k + i of a binary tree whose inner node n
   * holds the list that lost the match there ({@code loser[n]}), the overall winner in
   * {@code loser[0]}. A list beats another by a greater head error, by its lower index on equal
   * heads. Runs' errors are > 0 or NaN, so their {@link Double#doubleToLongBits} order them as
   * {@link Double#compare} does (NaN first); an exhausted list's head is below them all. After the
   * winner advances, only the matches on its path are replayed (without branches on the outcome:
   * it follows no pattern).
   */
  private static final class LoserTree {
    /** The head of an exhausted list: below every key. */
    private static final long EXHAUSTED = Long.MIN_VALUE;
    private final ErrorRuns[] lists;
    /** Each list's head error as {@link Double#doubleToLongBits}: errors are > 0 or NaN, so ordered as longs. */
    private final long[] head;
    private final int[] cursor;
    private final int[] loser;
    private final int k;

    LoserTree(ErrorRuns[] lists) {
      k = lists.length;
      this.lists = lists;
      this.head = new long[k];
      this.cursor = new int[k];
      this.loser = new int[Math.max(k, 1)];
      for (int i = 0; i < k; i++) {
        head[i] = Double.doubleToLongBits(lists[i].errors[0]);
      }
      // winners of the subtrees, bottom up: node n's children are 2n and 2n + 1
      int[] winner = new int[2 * k];
      for (int i = 0; i < k; i++) {
        winner[k + i] = i;
      }
      for (int n = k - 1; n >= 1; n--) {
        int a = winner[2 * n];
        int b = winner[2 * n + 1];
        boolean aWins = beats(a, b);
        winner[n] = aWins ? a : b;
        loser[n] = aWins ? b : a;
      }
      loser[0] = k == 0 ? -1 : winner[1];
    }

    int winner() {
      return loser[0];
    }

    /** List {@code list} (the winner) moves to its next run; the matches on its path are replayed. */
    void advance(int list) {
      int at = ++cursor[list];
      ErrorRuns r = lists[list];
      head[list] = at < r.size ? Double.doubleToLongBits(r.errors[at]) : EXHAUSTED;
      int w = list;
      long hw = head[w];
      for (int n = (k + list) >>> 1; n >= 1; n >>>= 1) {
        int other = loser[n];
        long ho = head[other];
        boolean otherWins = ho > hw | (ho == hw & other < w);
        loser[n] = otherWins ? w : other;
        w = otherWins ? other : w;
        hw = otherWins ? ho : hw;
      }
      loser[0] = w;
    }

    private boolean beats(int a, int b) {
      return head[a] > head[b] || head[a] == head[b] && a < b;
    }
  }

  /** {@link #toBytes(int, int)} of all runs. */
  public byte[] toBytes() {
    return toBytes(0, size);
  }

  /**
   * Runs {@code [from, to)} as bytes: format byte, flags byte, run count (int), the errors (8
   * bytes each), the counts (unsigned varints), then the positive weights as varints when all are
   * whole numbers (hard targets) or as 8-byte doubles otherwise. Big-endian.
   */
  public byte[] toBytes(int from, int to) {
    int n = to - from;
    boolean integral = true;
    int varintBytes = 0;
    for (int i = from; i < to; i++) {
      double p = positives[i];
      integral &= p >= 0 && p == Math.rint(p) && p < 0x1p62;
      varintBytes += varintSize(counts[i]);
    }
    int positiveBytes = 0;
    if (integral) {
      for (int i = from; i < to; i++) {
        positiveBytes += varintSize((long) positives[i]);
      }
    } else {
      positiveBytes = 8 * n;
    }
    ByteBuffer out = ByteBuffer.allocate(6 + 8 * n + varintBytes + positiveBytes);
    out.put(FORMAT).put(integral ? INTEGRAL_POSITIVES : 0).putInt(n);
    for (int i = from; i < to; i++) {
      out.putDouble(errors[i]);
    }
    for (int i = from; i < to; i++) {
      putVarint(out, counts[i]);
    }
    for (int i = from; i < to; i++) {
      if (integral) {
        putVarint(out, (long) positives[i]);
      } else {
        out.putDouble(positives[i]);
      }
    }
    return out.array();
  }

  /** Reads what {@link #toBytes} wrote. */
  public static ErrorRuns fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte format = in.get();
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown ErrorRuns format " + format);
    }
    boolean integral = in.get() == INTEGRAL_POSITIVES;
    int n = in.getInt();
    double[] e = new double[n];
    double[] p = new double[n];
    long[] c = new long[n];
    for (int i = 0; i < n; i++) {
      e[i] = in.getDouble();
    }
    for (int i = 0; i < n; i++) {
      c[i] = getVarint(in);
    }
    for (int i = 0; i < n; i++) {
      p[i] = integral ? (double) getVarint(in) : in.getDouble();
    }
    return new ErrorRuns(e, p, c, n);
  }

  private static int varintSize(long v) {
    int bytes = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      bytes++;
    }
    return bytes;
  }

  private static void putVarint(ByteBuffer out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.put((byte) v);
  }

  private static long getVarint(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
  }
}
