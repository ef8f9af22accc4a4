package io.segeval.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of docs/sql.md: every {@code sql} block, in order, with the JSON rows of the
 * {@code text} block after it, and the comparison of rows a session gave with them (numbers to
 * 1e-12). Run on a classic session by {@code SqlDocsTest}, over Spark Connect by
 * {@code SparkConnectTest}.
 */
public final class SqlDocExamples {
  private SqlDocExamples() {}

  /** docs/sql.md, from a module's folder (the working folder of its tests). */
  private static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/sql.md");
  private static final Pattern BLOCK = Pattern.compile("```sql\\n(.*?)```(?:\\s*\\n```text\\n(.*?)```)?", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One example and the rows it must give (null: it must give none, e.g. a CREATE). */
  public record Example(String sql, List<String> expected) {}

  public static List<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(DOC));
    while (m.find()) {
      List<String> expected = m.group(2) == null ? null
          : m.group(2).lines().filter(l -> !l.isBlank()).toList();
      examples.add(new Example(m.group(1).trim(), expected));
    }
    return examples;
  }

  /** The rows (as {@code Dataset.toJSON} gives them) are the example's documented ones. */
  public static void assertRows(Example e, List<String> rows) throws IOException {
    if (e.expected() == null) {
      assertTrue(rows.isEmpty(), "docs/sql.md: put the result after the example, in a text block:\n"
          + e.sql() + "\n" + String.join("\n", rows));
      return;
    }
    assertEquals(e.expected().size(), rows.size(), e.sql());
    for (int i = 0; i < rows.size(); i++) {
      assertSameJson(JSON.readTree(e.expected().get(i)), JSON.readTree(rows.get(i)), e.sql());
    }
  }

  private static void assertSameJson(JsonNode expected, JsonNode actual, String where) {
    if (expected.isNumber() && actual.isNumber()) {
      double e = expected.asDouble();
      double a = actual.asDouble();
      assertTrue(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), where + ": expected " + e + " but was " + a);
      return;
    }
    assertEquals(expected.getNodeType(), actual.getNodeType(), where + ": " + expected + " vs " + actual);
    if (expected.isObject()) {
      assertEquals(fieldNames(expected), fieldNames(actual), where);
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        assertSameJson(f.getValue(), actual.get(f.getKey()), where + " ." + f.getKey());
      }
    } else if (expected.isArray()) {
      assertEquals(expected.size(), actual.size(), where);
      for (int i = 0; i < expected.size(); i++) {
        assertSameJson(expected.get(i), actual.get(i), where + " [" + i + "]");
      }
    } else {
      assertEquals(expected, actual, where);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
