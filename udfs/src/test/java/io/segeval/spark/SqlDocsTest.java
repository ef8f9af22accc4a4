package io.segeval.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.testing.SqlDocExamples;
import io.segeval.testing.SqlDocExamples.Example;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  @Test
  void everyExampleRunsAndGivesItsDocumentedResult() throws IOException {
    SparkSession session = ExtensionSessions.fresh();
    List<Example> examples = SqlDocExamples.examples();
    assertTrue(examples.size() >= 9, "docs/sql.md has " + examples.size() + " sql examples");
    for (Example e : examples) {
      SqlDocExamples.assertRows(e, session.sql(e.sql()).toJSON().collectAsList());
    }
  }

  @Test
  void everyRegisteredFunctionHasAnExample() throws IOException {
    Set<String> used = new HashSet<>();
    for (Example e : SqlDocExamples.examples()) {
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
}
