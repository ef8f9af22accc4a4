package io.segeval.jobs.gate;

import io.segeval.jobs.gate.QualityGates.Gate;
import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.ResultSections;
import java.util.Locale;

/**
 * The wording of a missed gate: its message (the stderr line, {@code summary.json}'s
 * {@code message} and the history's {@code gates_missed}) and, for a gate with no value, its
 * {@code reason}. Numbers with 6 significant digits, or as many more as tell the value from the
 * limit; whole numbers (counts) in full.
 */
final class GateMessages {
  /** Why a gate on a metric of a block with no image evaluated cannot pass. */
  static final String NO_IMAGE = "no image was evaluated (all skipped as bad records)";

  /** Significant digits of messages: 6, as {@code %g}. */
  private static final int DIGITS = 6;

  private GateMessages() {}

  /** "dice = 0.818882 is under the minimum 0.85 by 0.031118". */
  static String missed(Gate gate, double value) {
    int digits = digitsApart(value, gate.limit());
    return String.format(Locale.ROOT, "%s = %s is %s %s by %s", gate.metric(), number(value, digits),
        gate.direction().words(), number(gate.limit(), digits), number(Math.abs(value - gate.limit())));
  }

  /** "dice: no image was evaluated (all skipped as bad records), so it cannot pass --fail-under dice=0.8". */
  static String noImage(Gate gate) {
    return gate.metric() + ": " + NO_IMAGE + ", " + cannotPass(gate);
  }

  /** "precision is null (undefined: its denominator is 0), so it cannot pass --fail-under precision=0.5". */
  static String isNull(Gate gate, String why) {
    return gate.metric() + " is null (" + why + "), " + cannotPass(gate);
  }

  /**
   * Why a gated value of {@code r} is null, "undefined: ...": its class has none; or no pixel was
   * counted (every target pixel ignored: "not computed" read as a setup mistake; an image with no
   * pixels is a bad record and a block with no image evaluated misses before, in
   * {@link GateChecker#checkOne}), in the run's {@code elements} ("0 voxels counted, as every target
   * voxel was ignored" for volumes); or a zero denominator (precision with nothing predicted). A
   * metric the run does not compute is refused before it ({@link ComputableGates}).
   */
  static String undefined(Gate gate, ResultSections r, Elements elements) {
    if (gate.perClass() != null) {
      return "undefined: " + gate.perClass().whenUndefined();
    }
    return "undefined: " + (r.pixels() == 0 ? "0 " + elements.plural() + " counted, as every target "
        + elements.singular() + " was ignored" : "its denominator is 0");
  }

  /** The end of a missed gate's message when it has no value: "so it cannot pass --fail-under dice=0.85". */
  private static String cannotPass(Gate gate) {
    return "so it cannot pass " + gate.named() + "=" + number(gate.limit());
  }

  private static String number(double v) {
    return number(v, DIGITS);
  }

  /**
   * {@code v} with {@code digits} significant digits, without trailing zeros (also before an exponent:
   * 1e-07); a whole number in full, so that a count reads as one ({@code images = 1234567}, not 1.23457e+06).
   */
  private static String number(double v, int digits) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%." + digits + "g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
        .replaceFirst("\\.(e|$)", "$1");
  }

  /**
   * {@link #DIGITS}, or as many more as a missed gate's value and limit need to read apart: a dice of
   * 0.8499999 under a minimum of 0.85 is "0.8499999 ... 0.85", not "0.85 is under the minimum 0.85".
   */
  private static int digitsApart(double value, double limit) {
    int digits = DIGITS;
    while (digits < 17 && number(value, digits).equals(number(limit, digits))) {
      digits++;
    }
    return digits;
  }
}
