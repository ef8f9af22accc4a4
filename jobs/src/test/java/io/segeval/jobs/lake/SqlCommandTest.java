package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code segeval sql}: a query over a packed table, printed as JSON lines or as a table. */
class SqlCommandTest {
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");

  @TempDir static Path tmp;

  @Test
  void jsonLinesAndTableOfAQueryOverAPackedTable() throws Exception {
    Path table = LakeRuns.pack(ReferenceData.dir("bin_public"), tmp.resolve("arrays"), "--as-arrays");
    String query = "SELECT image_id LIKE 'sub_a/%' AS sub, "
        + "seg_binary_metrics_with(pred, target, 'tversky_alpha=0.3,tversky_beta=0.7') AS m "
        + "FROM parquet.`" + table + "` GROUP BY 1 ORDER BY 1";
    CliRun json = expect(0, "sql", "--format", "json", query);
    List<String> lines = json.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(2, lines.size(), json.out());
    JsonNode top = new ObjectMapper().readTree(lines.get(0));
    JsonNode sub = new ObjectMapper().readTree(lines.get(1));
    assertEquals(false, top.get("sub").asBoolean());
    assertEquals(EXPECTED.get("dataset").get("tp").asLong(), top.get("m").get("tp").asLong() + sub.get("m").get("tp").asLong());

    String all = "SELECT seg_binary_result(seg_binary_state_merge(s)).dice AS dice FROM ("
        + "SELECT seg_binary_state(pred, target, 'tversky_alpha=0.3,tversky_beta=0.7') AS s FROM parquet.`" + table
        + "` GROUP BY image_id)";
    CliRun text = expect(0, "sql", all);
    List<String> out = text.out().lines().toList();
    assertEquals("dice", out.get(0).trim());
    assertClose(EXPECTED.get("dataset").get("dice").asDouble(), Double.parseDouble(out.get(2).trim()), 1e-9, "dice");
    assertTrue(out.get(3).contains("(1 row)"), text.out());

    CliRun bad = expect(2, "sql", "SELECT seg_binary_state(1) AS x");
    assertTrue(bad.err().contains("seg_binary_state takes 2 or 3 arguments"), bad.err());
    CliRun unknown = expect(2, "sql", "SELECT no_such_column FROM parquet.`" + table + "`");
    assertTrue(unknown.err().contains("segeval: the query: ") && unknown.err().contains("no_such_column"), unknown.err());
  }

  @Test
  void aTableOfFileBytesIsForEvaluateNotForTheSqlFunctions() {
    Path table = LakeRuns.pack(ReferenceData.dir("bin_public"), tmp.resolve("bytes"));
    CliRun bytes = expect(2, "sql", "SELECT seg_binary_metrics(pred, target) AS m FROM parquet.`" + table + "`");
    assertTrue(bytes.err().startsWith("segeval: seg_binary_metrics: pred is BINARY, encoded image files")
        && bytes.err().contains("segeval pack --as-arrays") && bytes.err().contains("segeval evaluate --table"),
        bytes.err());
  }

  @Test
  void severalStatementsThatDoNotParseAreToldAboutScripts() {
    assertError(2, "SELECT 1 AS a; SELECT 2 AS b", "the query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELECT':"
        + " extra input 'SELECT'. SQLSTATE: 42601 (line 1, pos 15); several statements run as one SQL script: BEGIN ...;"
        + " ...; END");
    // a script is what the hint says: the last statement's result
    CliRun script = expect(0, "sql", "--format", "json", "BEGIN SELECT 1 AS a; SELECT 2 AS b; END");
    assertEquals("{\"b\":2}", script.out().strip(), script.out());
    // one statement with a trailing semicolon parses: no hint where none is needed
    assertTrue(expect(2, "sql", "SELEC 1;").err().strip().endsWith("(line 1, pos 0)"));
    // nor for a semicolon in a literal or a comment
    assertTrue(expect(2, "sql", "SELECT 'a;b' AS s FROM").err().strip().endsWith("(line 1, pos 22)"));
  }

  @Test
  void aStateOfAnotherTypeIsABadCommandLine() {
    assertError(2, "SELECT seg_binary_result(42) AS r", "seg_binary_result: state must be BINARY (a state that"
        + " seg_binary_state or seg_multiclass_state made), got 42 (INT); a state kept as text is read back with"
        + " unbase64(state) or unhex(state)");
  }

  @Test
  void aNullElementFailsTheQueryInOneLineThatSaysItIsNull() {
    assertError(1, "SELECT seg_binary_metrics(pred, target) AS m FROM VALUES"
        + " (array(1.0D, -2.0D), array(1, NULL)) AS t(pred, target)",
        "seg_binary_metrics: null target value at (row 0, col 1)");
  }

  @Test
  void aFunctionsRefusalOfARowFailsTheQueryInItsOwnLine() {
    assertError(1, "SELECT seg_binary_metrics(pred, target) AS m FROM VALUES"
        + " (array(1.0D, -2.0D), array(1, 0, 1)) AS t(pred, target)",
        "seg_binary_metrics: pred has 2 values but target has 3 (find the row with WHERE size(pred) != size(target))");
  }

  @Test
  void integerPredictionsAndBadLiteralOptionsAreABadQueryEvenOverNoRows() {
    CliRun labels = expect(2, "sql", "SELECT seg_binary_metrics(pred, target) AS m FROM VALUES"
        + " (array(0, 1), array(0, 1)) AS t(pred, target) WHERE false");
    assertTrue(labels.err().startsWith("segeval: seg_binary_metrics: pred holds integers (ARRAY<INT>), labels rather"
        + " than logits"), labels.err());
    CliRun typo = expect(2, "sql", "SELECT seg_binary_metrics_with(pred, target, 'tversky_alfa=0.3') AS m FROM VALUES"
        + " (array(0.5D), array(1)) AS t(pred, target) WHERE false");
    assertEquals("segeval: seg_binary_metrics_with: unknown binary parameter 'tversky_alfa' (expected input or one of [smooth,"
        + " threshold, tversky_alpha, tversky_beta, focal_alpha, focal_gamma, combo_alpha, combo_ce_ratio, combo_eps])",
        typo.err().strip(), typo.err());
  }

  @Test
  void columnsOfTheSameNameArePrintedEach() {
    // e.g. SELECT * over a join of two tables that both have image_id
    String query = "SELECT * FROM VALUES ('img_1', 0.5D) AS a(image_id, dice)"
        + " JOIN VALUES ('img_1', 0.25D) AS b(image_id, dice) ON a.image_id = b.image_id";
    CliRun json = expect(0, "sql", "--format", "json", query);
    assertEquals("{\"image_id\":\"img_1\",\"dice\":0.5,\"image_id\":\"img_1\",\"dice\":0.25}", json.out().strip());
    CliRun table = expect(0, "sql", query);
    assertEquals(List.of("image_id | dice | image_id | dice", "-------- | ---- | -------- | ----",
        "img_1    | 0.5  | img_1    | 0.25", "(1 row)"), table.out().lines().toList());
  }

  @Test
  void aStatementWithoutColumnsPrintsOnlyItsRowCount() {
    Path states = tmp.resolve("states");
    CliRun create = expect(0, "sql", "CREATE TABLE sql_command_states USING parquet LOCATION '" + states + "' AS"
        + " SELECT seg_binary_state(array(2.0D, -1.0D), array(1, 0)) AS state");
    assertEquals(List.of("(0 rows)"), create.out().lines().toList());
    // the table's files outlive the session (its catalog entry does not): read them by path
    CliRun read = expect(0, "sql", "--format", "json", "SELECT seg_binary_result(seg_binary_state_merge(state)).tp AS tp"
        + " FROM parquet.`" + states + "`");
    assertEquals("{\"tp\":1}", read.out().strip());
  }

  @Test
  void aQueryThatDoesNotParseSaysWhereInOneLine() {
    CliRun typo = expect(2, "sql", "SELEC 1");
    assertEquals("segeval: the query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601"
        + " (line 1, pos 0)", typo.err().lines().findFirst().orElse(""), typo.err());
    assertEquals(1, typo.err().lines().count(), "one line: " + typo.err());
  }

  @Test
  void aTablePathThatDoesNotExistIsOneLine() {
    Path none = tmp.resolve("no-such-table");
    CliRun missing = expect(2, "sql", "SELECT * FROM parquet.`" + none + "`");
    assertEquals("segeval: the query: [PATH_NOT_FOUND] Path does not exist: file:" + none + ". SQLSTATE: 42K03",
        missing.err().lines().findFirst().orElse(""), missing.err());
    assertEquals(1, missing.err().lines().count(), "one line: " + missing.err());
  }

  @Test
  void folderQueryThatSparkCannotPlanSaysWhyInOneLine() {
    // one folder of float arrays, one of doubles: with mergeSchema Spark says only "Failed to create plan"
    Path folders = tmp.resolve("float-and-double");
    expect(0, "sql", "CREATE TABLE sql_floats USING parquet LOCATION '" + folders.resolve("a") + "' AS"
        + " SELECT CAST(array(1.5D) AS array<float>) AS pred");
    expect(0, "sql", "CREATE TABLE sql_doubles USING parquet LOCATION '" + folders.resolve("b") + "' AS"
        + " SELECT array(1.5D) AS pred");
    CliRun merged = expect(2, "sql", "SELECT count(*) FROM parquet.`" + folders + "/*` WITH (mergeSchema = true)");
    String line = merged.err().lines().findFirst().orElse("");
    assertTrue(line.startsWith("segeval: the query: [FAILED_TO_CREATE_PLAN_FOR_DIRECT_QUERY] Failed to create plan"
        + " for direct query on files: parquet SQLSTATE: 58030: [CANNOT_MERGE_SCHEMAS] Failed merging schemas: Initial"
        + " schema: \"STRUCT<pred: ARRAY<"), line);
    // the folders are listed in either order: the types too
    assertTrue(line.contains(": [CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE] Failed to merge incompatible data types \"ARRAY<")
        && line.contains("\"ARRAY<FLOAT>\"") && line.contains("\"ARRAY<DOUBLE>\"") && line.endsWith("SQLSTATE: 42825"), line);
    assertEquals(1, merged.err().lines().count(), "one line: " + merged.err());
  }

  /** {@code segeval sql QUERY} exits with {@code code} and says only {@code "segeval: " + message}. */
  private static void assertError(int code, String query, String message) {
    CliRun run = expect(code, "sql", query);
    assertEquals("segeval: " + message, run.err().strip(), run.err());
  }
}
