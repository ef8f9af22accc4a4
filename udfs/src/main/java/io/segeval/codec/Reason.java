package io.segeval.codec;

import java.io.Serializable;

/**
 * Why a record is bad, in two forms made from one template: {@code text}, what the user reads
 * ({@code non-finite prediction NaN at (row 1, col 1)}), and {@code kind}, its class: the same
 * words with every per-record value as {@value #VALUE} ({@code non-finite prediction # at (row #,
 * col #)}), under which skipped records are counted ({@code summary.json}'s {@code by_reason}).
 * The template's own words, a hint's constants included ({@code 0, 1 or 255}), stay in the class;
 * only the values given for its {@value #SLOT} slots vary.
 */
public record Reason(String text, String kind) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a per-record value is in a reason's class. */
  public static final String VALUE = "#";
  /** Where a value goes in a template. */
  private static final String SLOT = "{}";

  /** A reason without per-record values: its class is its text. */
  public static Reason constant(String text) {
    return new Reason(text, text);
  }

  /**
   * The template with each {@value #SLOT} replaced by the next value: a {@link Reason} value brings
   * its own text and class (a position, a nested reason), any other value its
   * {@code String.valueOf} in the text and {@value #VALUE} in the class. Values are not searched
   * for slots.
   */
  public static Reason of(String template, Object... values) {
    StringBuilder text = new StringBuilder(template.length() + 16);
    StringBuilder kind = new StringBuilder(template.length());
    int from = 0;
    for (Object value : values) {
      int slot = template.indexOf(SLOT, from);
      if (slot < 0) {
        throw new IllegalArgumentException("more values than slots in the reason template '" + template + "'");
      }
      text.append(template, from, slot);
      kind.append(template, from, slot);
      if (value instanceof Reason r) {
        text.append(r.text);
        kind.append(r.kind);
      } else {
        text.append(value);
        kind.append(VALUE);
      }
      from = slot + SLOT.length();
    }
    if (template.indexOf(SLOT, from) >= 0) {
      throw new IllegalArgumentException("fewer values than slots in the reason template '" + template + "'");
    }
    text.append(template, from, template.length());
    kind.append(template, from, template.length());
    return new Reason(text.toString(), kind.toString());
  }

  /** This reason followed by constant words, e.g. a hint. */
  public Reason then(String constantWords) {
    return new Reason(text + constantWords, kind + constantWords);
  }
}
