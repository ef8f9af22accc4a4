package io.segeval.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueListTest {
  @Test
  void entriesInOrderWithKeysTrimmedAndLowerCasedAndValuesTrimmed() {
    Map<String, String> m = KeyValueList.parse(" Smooth = 2, input=Probabilities ,a=b=c,", "test options");
    assertEquals(List.of("smooth", "input", "a"), List.copyOf(m.keySet()));
    assertEquals(List.of("2", "Probabilities", "b=c"), List.copyOf(m.values()));
    assertEquals(Map.of(), KeyValueList.parse(null, "test options"));
    assertEquals(Map.of(), KeyValueList.parse("  ", "test options"));
  }

  @Test
  void aMalformedEntryOrARepeatedKeyIsRefusedWithTheOptionsName() {
    assertEquals("expected key=value in test options, got 'smooth'", message("smooth"));
    assertEquals("expected key=value in test options, got '=3'", message("smooth=1, =3"));
    assertEquals("expected key=value in test options, got ''", message("smooth=1,,threshold=0.3"));
    assertEquals("'smooth' is given twice in test options", message("smooth=1,SMOOTH=2"));
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> KeyValueList.parse(text, "test options")).getMessage();
  }
}
