package io.segeval.core;

/** A value as a bad record's reason shows it: a whole number without ".0" (a class id as stored). */
public final class ValueText {
  private ValueText() {}

  /** 7.0 as "7", other values as Java prints them (NaN, Infinity, 0.5). */
  public static String of(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
