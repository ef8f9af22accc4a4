package io.segeval.core.multiclass;

/**
 * The per-class hard metrics of spec §3 ({@code per_class.<key>[c]}), from the confusion matrix:
 * {@code tp = M[c][c]}, {@code row = Σ_p M[c][p]} (target c), {@code col = Σ_t M[t][c]}
 * (predicted c). A value whose denominator is 0 is {@code null} (never NaN).
 */
public enum PerClassMetric {
  /** M[c][c] / (row_c + col_c − M[c][c]). */
  IOU("iou", "the class is in no target and never predicted") {
    @Override
    public Double of(long tp, long row, long col) {
      return ratio(tp, row + col - tp);
    }
  },
  /** 2 M[c][c] / (row_c + col_c). */
  DICE("dice", "the class is in no target and never predicted") {
    @Override
    public Double of(long tp, long row, long col) {
      return ratio(2 * tp, row + col);
    }
  },
  /** M[c][c] / row_c (recall of class c). */
  ACC("acc", "the class is in no target") {
    @Override
    public Double of(long tp, long row, long col) {
      return ratio(tp, row);
    }
  },
  /** M[c][c] / col_c. */
  PRECISION("precision", "the class is never predicted") {
    @Override
    public Double of(long tp, long row, long col) {
      return ratio(tp, col);
    }
  };

  private final String key;
  private final String whenUndefined;

  PerClassMetric(String key, String whenUndefined) {
    this.key = key;
    this.whenUndefined = whenUndefined;
  }

  /** The name under {@code per_class} in {@code summary.json}. */
  public String key() {
    return key;
  }

  /** When the value is null (its denominator 0), in words for messages. */
  public String whenUndefined() {
    return whenUndefined;
  }

  /** The value for one class from its diagonal entry, row sum and column sum; null if 0/0. */
  public abstract Double of(long tp, long row, long col);

  /** The value for every class; null where the denominator is 0. */
  public Double[] values(long[] tp, long[] row, long[] col) {
    Double[] v = new Double[tp.length];
    for (int c = 0; c < v.length; c++) {
      v[c] = of(tp[c], row[c], col[c]);
    }
    return v;
  }

  /** Mean of the non-null values, or null if all are null. */
  static Double meanOfNonNull(Double[] values) {
    double sum = 0;
    int k = 0;
    for (Double v : values) {
      if (v != null) {
        sum += v;
        k++;
      }
    }
    return k == 0 ? null : sum / k;
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }
}
