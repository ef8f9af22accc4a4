package io.segeval.core.lovasz;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The Lovász fixtures read with Jackson as plain maps, lists and numbers. */
final class MiniJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MiniJson() {}

  static Object resource(String name) throws IOException {
    try (InputStream in = MiniJson.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return MAPPER.readValue(in, Object.class);
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

  /** A JSON number as a Double (null stays null). */
  static Double number(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }

  static double[] doubles(Object o) {
    return list(o).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }
}
