package io.segeval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * docs/sql.md cannot drift: every {@code sql} block runs, in order, in one session whose functions
 * come from the {@link SegEvalExtensions} alone ({@code newSession()} of the shared session: a
 * fresh function registry with the built-ins and the injected functions, not {@code register}),
 * and the {@code text} block after one is the JSON rows it must give (numbers to 1e-12). Every
 * function of the registry appears in an example.
 */
class SqlDocsTest {
  private static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/sql.md");
  private static final Pattern BLOCK = Pattern.compile("```sql\\n(.*?)```(?:\\s*\\n```text\\n(.*?)```)?", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One example and the rows it must give (null: not checked). */
  record Example(String sql, List<String> expected) {}

  static List<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(DOC));
    while (m.find()) {
      List<String> expected = m.group(2) == null ? null
          : m.group(2).lines().filter(l -> !l.isBlank()).toList();
      examples.add(new Example(m.group(1).trim(), expected));
    }
    return examples;
  }

  @Test
  void everyExampleRunsAndGivesItsDocumentedResult() throws IOException {
    SparkSession session = ExtensionSessions.fresh();
    List<Example> examples = examples();
    assertTrue(examples.size() >= 9, "docs/sql.md has " + examples.size() + " sql examples");
    for (Example e : examples) {
      List<String> rows = session.sql(e.sql()).toJSON().collectAsList();
      if (e.expected() == null) {
        assertTrue(rows.isEmpty(), "docs/sql.md: put the result after the example, in a text block:\n"
            + e.sql() + "\n" + String.join("\n", rows));
        continue;
      }
      assertEquals(e.expected().size(), rows.size(), e.sql());
      for (int i = 0; i < rows.size(); i++) {
        assertSameJson(JSON.readTree(e.expected().get(i)), JSON.readTree(rows.get(i)), e.sql());
      }
    }
  }

  @Test
  void everyRegisteredFunctionHasAnExample() throws IOException {
    Set<String> used = new HashSet<>();
    for (Example e : examples()) {
      for (SegEvalFunctions.SqlFunction f : SegEvalFunctions.ALL) {
        if (e.sql().contains(f.name() + "(")) {
          used.add(f.name());
        }
      }
    }
    for (SegEvalFunctions.SqlFunction f : SegEvalFunctions.ALL) {
      assertTrue(used.contains(f.name()), "docs/sql.md has no example of " + f.name());
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
