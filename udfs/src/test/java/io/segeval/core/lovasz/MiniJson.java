package io.segeval.core.lovasz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small JSON reader for the test fixtures: objects, arrays, numbers (double), strings, null. */
final class MiniJson {
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  static Object resource(String name) throws IOException {
    try (InputStream in = MiniJson.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new MiniJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)).value();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static double[] doubles(Object o) {
    List<Object> l = list(o);
    double[] d = new double[l.size()];
    for (int k = 0; k < d.length; k++) {
      d[k] = (Double) l.get(k);
    }
    return d;
  }

  private Object value() {
    skip();
    char c = s.charAt(i);
    if (c == '{') {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      skip();
      if (s.charAt(i) == '}') {
        i++;
        return m;
      }
      while (true) {
        skip();
        String key = (String) value();
        skip();
        i++; // ':'
        m.put(key, value());
        skip();
        if (s.charAt(i++) == '}') {
          return m;
        }
      }
    }
    if (c == '[') {
      List<Object> l = new ArrayList<>();
      i++;
      skip();
      if (s.charAt(i) == ']') {
        i++;
        return l;
      }
      while (true) {
        l.add(value());
        skip();
        if (s.charAt(i++) == ']') {
          return l;
        }
      }
    }
    if (c == '"') {
      int end = s.indexOf('"', i + 1); // fixtures have no escapes
      String str = s.substring(i + 1, end);
      i = end + 1;
      return str;
    }
    if (s.startsWith("null", i)) {
      i += 4;
      return null;
    }
    if (s.startsWith("true", i) || s.startsWith("false", i)) {
      boolean b = s.charAt(i) == 't';
      i += b ? 4 : 5;
      return b;
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eEInfinityNa".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String num = s.substring(start, i);
    return num.equals("NaN") ? Double.NaN : Double.parseDouble(num);
  }

  private void skip() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }
}
