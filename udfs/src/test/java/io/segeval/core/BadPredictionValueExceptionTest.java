package io.segeval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import org.junit.jupiter.api.Test;

/** Only an infinity read from float16 is explained as an overflow; the value's class stays grouped. */
class BadPredictionValueExceptionTest {
  private static final String HINT = BadPredictionValueException.FLOAT16_OVERFLOW_HINT;

  /** The binary pass's refusal of these logits (1×3, width 3). */
  private static BadRecordException refusal(double... logits) {
    return assertThrows(BadRecordException.class, () -> new BinaryCounts(BinaryParams.DEFAULTS)
        .update(logits, new double[] {0, 1, 1}, 3, 3, InputKind.LOGITS));
  }

  @Test
  void anInfinityFromFloat16GetsTheCauseAndTheFix() {
    BadRecordException e = BadPredictionValueException.explained(refusal(0.5, Double.NEGATIVE_INFINITY, 1), true);
    assertEquals("non-finite prediction -Infinity at (row 0, col 1)" + HINT, e.reason());
    assertEquals("non-finite prediction # at (row #, col #)" + HINT, e.reasonClass());
    assertEquals(BadRecordException.Side.PREDICTION, e.side());
    assertEquals("; the prediction is saved as float16, which holds at most ±65504: the logits overflowed when they"
        + " were saved (save them as float32, or clip them to ±65504 before converting)", HINT);
  }

  @Test
  void nanOrAnotherDtypeOrAnotherRefusalIsLeftAsItIs() {
    BadRecordException nan = refusal(0.5, Double.NaN, 1);
    assertSame(nan, BadPredictionValueException.explained(nan, true));
    BadRecordException inf = refusal(Double.POSITIVE_INFINITY, 0, 1);
    assertSame(inf, BadPredictionValueException.explained(inf, false));
    BadRecordException other = BadRecordException.inTarget(Reason.constant("target value 7"));
    assertSame(other, BadPredictionValueException.explained(other, true));
  }

  @Test
  void anInfiniteProbabilityKeepsItsValueThroughTheLogitsHint() {
    ProbabilityOutOfRangeException e = new ProbabilityOutOfRangeException(
        Reason.of("probability {} at {} is outside [0, 1]", Double.POSITIVE_INFINITY, "(channel 2, row 1, col 0)"),
        Double.POSITIVE_INFINITY);
    BadRecordException explained = BadPredictionValueException.explained(e.withLogitsHint("--input logits"), true);
    assertEquals("probability Infinity at (channel 2, row 1, col 0) is outside [0, 1] (use --input logits for raw"
        + " scores)" + HINT, explained.reason());
  }
}
