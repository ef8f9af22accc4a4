package io.segeval.core.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.core.InputKind;
import io.segeval.core.RefusedArgumentException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The result-only parameters ({@link BinaryParam#resultOnly}) enter no sum of {@link BinaryCounts},
 * the others do, so a state's metrics can take other values of the former only
 * ({@link BinaryParams#withResultParams}, {@link BinaryCounts#withResultParams}).
 */
class ResultParamsTest {
  /** Two images of the docs' examples, flattened: 6 logits and their 0/1 targets. */
  private static final double[] LOGITS = {2.0, -1.0, 0.5, -3.0, -0.5, 1.5};
  private static final double[] TARGETS = {1, 0, 1, 0, 0, 1};

  /** A value other than the default, for each parameter (combo_eps large enough to clamp some p). */
  private static double otherValue(BinaryParam p) {
    return switch (p) {
      case SMOOTH -> 0.25;
      case THRESHOLD -> 0.3;
      case TVERSKY_ALPHA -> 0.2;
      case TVERSKY_BETA -> 0.9;
      case FOCAL_ALPHA -> 0.25;
      case FOCAL_GAMMA -> 1.5;
      case COMBO_ALPHA -> 0.7;
      case COMBO_CE_RATIO -> 0.2;
      case COMBO_EPS -> 0.2;
    };
  }

  private static BinaryCounts counts(BinaryParams params, double[] pred, double[] target) {
    BinaryCounts c = new BinaryCounts(params);
    c.update(pred, target, pred.length, pred.length, InputKind.LOGITS);
    return c;
  }

  /** The stored part of a state: counts and sums, not the parameters. */
  private static List<Object> sums(BinaryCounts c) {
    return List.of(c.pixels(), c.tp(), c.fp(), c.fn(), c.tn(), c.intersection(), c.predSum(), c.targetSum(),
        c.bceSum(), c.focalSum(), c.wceSum());
  }

  @Test
  void resultOnlyParametersEnterNoSumAndTheOthersDo() {
    Random rnd = new Random(11);
    double[] x = new double[3000];
    double[] t = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = rnd.nextGaussian() * 3;
      t[j] = rnd.nextInt(2);
    }
    List<Object> defaults = sums(counts(BinaryParams.DEFAULTS, x, t));
    for (BinaryParam p : BinaryParam.values()) {
      List<Object> changed = sums(counts(BinaryParams.DEFAULTS.with(p.key(), otherValue(p)), x, t));
      if (p.resultOnly()) {
        assertEquals(defaults, changed, p.key());
      } else {
        assertNotEquals(defaults, changed, p.key());
      }
    }
    assertEquals(List.of("smooth", "tversky_alpha", "tversky_beta", "combo_ce_ratio"), BinaryParam.resultOnlyKeys());
  }

  @Test
  void aStateUnderOtherResultParametersIsTheStateBuiltWithThem() {
    BinaryCounts state = counts(BinaryParams.DEFAULTS, LOGITS, TARGETS);
    List<Object> before = sums(state);
    for (String options : List.of("tversky_alpha=0.3,tversky_beta=0.7", "smooth=0,combo_ce_ratio=0.9")) {
      BinaryParams params = BinaryParams.DEFAULTS.withResultParams(options);
      BinaryCounts swept = state.withResultParams(params);
      BinaryCounts built = counts(params, LOGITS, TARGETS);
      assertEquals(params, swept.params());
      for (BinaryMetric m : BinaryMetric.values()) {
        assertEquals(m.value(built), m.value(swept), options + ": " + m.key());
      }
    }
    // (I + s)/(I + α(P − I) + β(T − I) + s) at α=0.3, β=0.7, by hand from the 6 sigmoids
    BinaryParams sweep = BinaryParams.DEFAULTS.withResultParams("tversky_alpha=0.3,tversky_beta=0.7");
    BinaryCounts tversky = state.withResultParams(sweep);
    assertEquals(0.8292910117358897, BinaryMetric.TVERSKY.value(tversky), 1e-15);
    assertEquals(BinaryParams.DEFAULTS, state.params());
    assertEquals(before, sums(state));
    assertSame(BinaryParams.DEFAULTS, BinaryParams.DEFAULTS.withResultParams(null));
  }

  @Test
  void theOtherParametersAreRefusedSayingWhatTheyEntered() {
    for (BinaryParam p : BinaryParam.values()) {
      if (p.resultOnly()) {
        continue;
      }
      Exception e = assertThrows(RefusedArgumentException.class,
          () -> BinaryParams.DEFAULTS.withResultParams(p.key() + "=" + otherValue(p)));
      assertEquals(p.key() + " cannot change after the pass: it entered " + p.enters().what() + " of the state (build"
          + " the state again with it); result options take only [smooth, tversky_alpha, tversky_beta, combo_ce_ratio],"
          + " the parameters that enter only the final formulas", e.getMessage());
    }
    Exception range = assertThrows(RefusedArgumentException.class,
        () -> BinaryParams.DEFAULTS.withResultParams("tversky_beta=1.5"));
    assertEquals("tversky_beta must be in [0, 1], got 1.5", range.getMessage());
    BinaryCounts state = counts(BinaryParams.DEFAULTS, LOGITS, TARGETS);
    Exception counts = assertThrows(IllegalArgumentException.class,
        () -> state.withResultParams(BinaryParams.DEFAULTS.with("threshold", 0.3)));
    assertEquals("parameters that entered the sums differ: threshold=0.5 vs threshold=0.3", counts.getMessage());
  }
}
