package io.segeval.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code key=value,key=value} lists of the option strings (e.g. the SQL functions'
 * {@code "input=probabilities,tversky_alpha=0.3"}): keys are trimmed and lower-cased, values
 * trimmed; what the keys mean and how the values read is the caller's. One list, one set of
 * messages for a malformed entry.
 */
public final class KeyValueList {
  private KeyValueList() {}

  /**
   * The entries of {@code text} in their order; null or blank text is an empty list. An empty
   * entry between commas, an entry without '=' or with an empty key, and a key given twice are
   * refused, naming {@code optionName} (e.g. "binary options").
   *
   * @throws RefusedArgumentException for a malformed list
   */
  public static Map<String, String> parse(String text, String optionName) {
    Map<String, String> entries = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return entries;
    }
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      String key = kv[0].trim().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || key.isEmpty()) {
        throw new RefusedArgumentException("expected key=value in " + optionName + ", got '" + part.trim() + "'");
      }
      if (entries.putIfAbsent(key, kv[1].trim()) != null) {
        throw new RefusedArgumentException("'" + key + "' is given twice in " + optionName);
      }
    }
    return entries;
  }
}
