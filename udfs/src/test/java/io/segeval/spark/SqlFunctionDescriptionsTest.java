package io.segeval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.execution.HiveResult;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code DESCRIBE FUNCTION EXTENDED} of every SegEval function prints its usage, arguments and
 * examples, whether the functions came from the extensions or from {@code SegEvalFunctions.register},
 * and every example prints what its text says (as Spark's own ExpressionInfoSuite checks its
 * functions': the example's result lines against the query's printed rows), so they cannot rot.
 */
class SqlFunctionDescriptionsTest {
  /** One example of an ExpressionInfo: {@code "  > SELECT ...;\n"} and the lines after it. */
  private static final Pattern EXAMPLE = Pattern.compile("^(.+);\\n(?s)(.+)$");

  @Test
  void describeExtendedShowsUsageArgumentsAndExamplesFromTheExtensions() {
    assertEveryFunctionDescribed(ExtensionSessions.fresh());
  }

  @Test
  void describeExtendedShowsThemWhenRegisteredOnASession() {
    SparkSession session = ExtensionSessions.fresh();
    var registry = ((org.apache.spark.sql.classic.SparkSession) session).sessionState().functionRegistry();
    for (SegEvalFunctions.SqlFunction f : SegEvalFunctions.ALL) {
      assertTrue(registry.dropFunction(FunctionIdentifier.apply(f.name())), f.name());
    }
    assertThrows(Exception.class, () -> session.sql("DESCRIBE FUNCTION " + SegEvalFunctions.BINARY_STATE));
    SegEvalFunctions.register(session);
    assertEveryFunctionDescribed(session);
  }

  private static void assertEveryFunctionDescribed(SparkSession session) {
    for (SegEvalFunctions.SqlFunction f : SegEvalFunctions.ALL) {
      List<String> lines = new ArrayList<>();
      for (Row r : session.sql("DESCRIBE FUNCTION EXTENDED " + f.name()).collectAsList()) {
        lines.add(r.getString(0));
      }
      String shown = String.join("\n", lines);
      assertEquals("Function: " + f.name(), lines.get(0), shown);
      assertEquals("Usage: " + f.usage(), lines.get(2), shown);
      String examples = f.description().examples().replace("_FUNC_", f.name());
      assertEquals("Extended Usage:" + f.description().arguments() + examples + "\n    Since: 0.1.0\n", lines.get(3));
      assertTrue(f.description().arguments().startsWith("\n    Arguments:\n      * "), f.name());
      assertTrue(examples.startsWith("\n    Examples:\n      > SELECT ") && examples.endsWith("\n  "), f.name());
      assertTrue(examples.contains(f.name() + "("), f.name());
      assertFalse(shown.contains("No example/argument"), shown);
      ExpressionInfo info = ((org.apache.spark.sql.classic.SparkSession) session).sessionState().catalog()
          .lookupFunctionInfo(FunctionIdentifier.apply(f.name()));
      assertEquals(f.usage().contains(" - aggregate") ? "agg_funcs" : "misc_funcs", info.getGroup(), f.name());
      assertEquals(SegEvalFunctions.SINCE, info.getSince());
    }
  }

  /**
   * Every example runs and prints its documented lines: split and compared as Spark's
   * ExpressionInfoSuite does ({@code "  > "} before each query, the rows as the spark-sql shell
   * prints them, indentation ignored).
   */
  @Test
  void everyExamplePrintsWhatItsTextSays() {
    SparkSession session = ExtensionSessions.fresh();
    int run = 0;
    for (SegEvalFunctions.SqlFunction f : SegEvalFunctions.ALL) {
      String examples = session.sql("DESCRIBE FUNCTION EXTENDED " + f.name()).collectAsList().get(3).getString(0);
      int queries = 0;
      for (String example : examples.split("  > ")) {
        Matcher m = EXAMPLE.matcher(example);
        if (!m.matches()) {
          continue;
        }
        var plan = session.sql(m.group(1)).queryExecution().executedPlan();
        String printed = String.join("\n", CollectionConverters.asJava(HiveResult.hiveResultString(plan)));
        String expected = m.group(2).split("\n    Since:")[0];
        assertEquals(unindent(expected), unindent(printed), f.name() + ": " + m.group(1));
        queries++;
      }
      assertEquals(f.description().examples().split("\n      > ").length - 1, queries, f.name());
      run += queries;
    }
    assertTrue(run >= SegEvalFunctions.ALL.size(), run + " examples");
  }

  private static String unindent(String s) {
    return s.replaceAll("\n\\s+", "\n").trim();
  }
}
