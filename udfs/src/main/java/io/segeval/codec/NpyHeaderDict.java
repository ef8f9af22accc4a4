package io.segeval.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A small parser for the NPY header's text, a Python dict literal such as {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (4, 5), }}: keys in any order, either quote, spaces,
 * trailing commas. A list as 'descr' means a structured dtype and is refused.
 */
final class NpyHeaderDict {
  private final String s;
  private int pos;
  String descr;
  Boolean fortranOrder;
  long[] shape;

  private NpyHeaderDict(String s) {
    this.s = s;
  }

  static NpyHeaderDict parse(String text) {
    NpyHeaderDict d = new NpyHeaderDict(text);
    d.parseDict();
    if (d.descr == null || d.fortranOrder == null || d.shape == null) {
      throw new BadRecordException(
          Reason.of("NPY header lacks 'descr', 'fortran_order' or 'shape': {}", abbreviate(text)));
    }
    return d;
  }

  private void parseDict() {
    expect('{');
    while (true) {
      skipSpaces();
      if (peek() == '}') {
        pos++;
        break;
      }
      String key = parseString();
      expect(':');
      skipSpaces();
      switch (key) {
        case "descr" -> {
          if (peek() == '[') {
            throw new BadRecordException(
                "structured (record) arrays are not read; save a plain numeric array");
          }
          descr = parseString();
        }
        case "fortran_order" -> fortranOrder = parseBool();
        case "shape" -> shape = parseTuple();
        default -> throw bad("unexpected key '" + key + "'");
      }
      skipSpaces();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw bad("expected ',' or '}'");
      }
    }
    skipSpaces();
    if (pos != s.length()) {
      throw bad("text after the closing '}'");
    }
  }

  private String parseString() {
    skipSpaces();
    char q = peek();
    if (q != '\'' && q != '"') {
      throw bad("expected a quoted string");
    }
    int end = s.indexOf(q, pos + 1);
    if (end < 0) {
      throw bad("unterminated string");
    }
    String v = s.substring(pos + 1, end);
    pos = end + 1;
    return v;
  }

  private boolean parseBool() {
    if (s.startsWith("True", pos)) {
      pos += 4;
      return true;
    }
    if (s.startsWith("False", pos)) {
      pos += 5;
      return false;
    }
    throw bad("expected True or False for 'fortran_order'");
  }

  private long[] parseTuple() {
    expect('(');
    List<Long> dims = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (peek() == ')') {
        pos++;
        break;
      }
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        pos++;
      }
      if (pos == start || pos - start > 18) {
        throw bad("expected a dimension (a non-negative integer) in 'shape'");
      }
      dims.add(Long.parseLong(s, start, pos, 10));
      if (peek() == 'L') { // Python 2 long suffix
        pos++;
      }
      skipSpaces();
      if (peek() == ',') {
        pos++;
      } else if (peek() != ')') {
        throw bad("expected ',' or ')' in 'shape'");
      }
    }
    long[] out = new long[dims.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = dims.get(i);
    }
    return out;
  }

  private void expect(char c) {
    skipSpaces();
    if (peek() != c) {
      throw bad("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipSpaces() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private BadRecordException bad(String what) {
    return new BadRecordException(Reason.of("malformed NPY header ({} at character {}): {}",
        Reason.constant(what), pos, abbreviate(s)));
  }

  private static String abbreviate(String text) {
    String t = text.strip();
    return t.length() <= 120 ? t : t.substring(0, 117) + "...";
  }
}
