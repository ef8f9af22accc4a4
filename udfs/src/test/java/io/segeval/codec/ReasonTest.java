package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.core.PixelPosition;
import org.junit.jupiter.api.Test;

/** A reason's text and its class (the record's values as #) come from one template. */
class ReasonTest {
  @Test
  void valuesAreMaskedInTheClassAndTheTemplatesWordsAndNumbersKept() {
    Reason r = Reason.of("target value {} at {} is not a binary target (0, 1 or 255, or a soft value in [0, 1])",
        7.0, PixelPosition.of(5, 3));
    assertEquals("target value 7.0 at (row 1, col 2) is not a binary target (0, 1 or 255, or a soft value in [0, 1])",
        r.text());
    assertEquals("target value # at (row #, col #) is not a binary target (0, 1 or 255, or a soft value in [0, 1])",
        r.kind());
  }

  @Test
  void aValueIsNeverReadAsATemplateNorANumberInItMaskedApart() {
    Reason r = Reason.of("several prediction files share this image_id: {}", "a{}.npy, a 2.png");
    assertEquals("several prediction files share this image_id: a{}.npy, a 2.png", r.text());
    assertEquals("several prediction files share this image_id: #", r.kind());
  }

  @Test
  void constantsAndHintsStayWholeInTheClass() {
    assertEquals(new Reason("no target file for this prediction", "no target file for this prediction"),
        Reason.constant("no target file for this prediction"));
    Reason hinted = Reason.of("probability {} outside [0, 1] at {}", 1.5, PixelPosition.of(1, 4))
        .then(" (use --input logits for raw scores)");
    assertEquals("probability 1.5 outside [0, 1] at (row 0, col 1) (use --input logits for raw scores)", hinted.text());
    assertEquals("probability # outside [0, 1] at (row #, col #) (use --input logits for raw scores)", hinted.kind());
  }

  @Test
  void positionsOfChannelMajorArrays() {
    assertEquals("(channel 1, row 0, col 2)", PixelPosition.inShape(2 * 3 + 2, new int[] {2, 2, 3}).text());
    assertEquals("(row 1, col 0)", PixelPosition.inShape(3, new int[] {2, 3}).text());
    assertEquals("(channel #, row #, col #)", PixelPosition.inChannel(1, 2, 3).kind());
  }

  @Test
  void slotsAndValuesMustAgree() {
    assertThrows(IllegalArgumentException.class, () -> Reason.of("a {} b {}", 1));
    assertThrows(IllegalArgumentException.class, () -> Reason.of("a {}", 1, 2));
  }

  @Test
  void theExceptionCarriesBothForms() {
    BadRecordException e = BadRecordException.inTarget(Reason.of("target value {} at {}", 3, PixelPosition.of(0, 1)));
    assertEquals("target value 3 at (row 0, col 0)", e.getMessage());
    assertEquals("target value 3 at (row 0, col 0)", e.reason());
    assertEquals("target value # at (row #, col #)", e.reasonClass());
    assertEquals(BadRecordException.Side.TARGET, e.side());
  }
}
