package io.segeval.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.segeval.core.RefusedArgumentException;
import io.segeval.jobs.MessageText;
import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.run.SparkSessions;
import io.segeval.spark.SegEvalFunctions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code segeval sql "QUERY"}: runs one Spark SQL query on a local session with every SegEval
 * function registered (docs/sql.md), and prints the rows: {@code json}, one object per row and
 * line (every column, null as null), or an aligned {@code table}. Files are queried in place, e.g.
 * {@code FROM parquet.`/lake/arrays/unet-v3`} (a table of {@code pack --as-arrays}: the functions take arrays).
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a Spark SQL query with the SegEval functions registered and print the rows.")
public final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--format", defaultValue = "table", description = "json | table (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's).")
  String master;

  @Option(names = "--verbose", description = FailureHandler.VERBOSE_HELP)
  boolean verbose;

  @Parameters(paramLabel = "QUERY", description = "The query, e.g. \"SELECT seg_binary_metrics(pred, target) FROM parquet.`/lake/t`\".")
  String query;

  @Override
  public Integer call() {
    String f = format.trim().toLowerCase(Locale.ROOT);
    if (!f.equals("json") && !f.equals("table")) {
      throw new ParameterException(spec.commandLine(), "--format must be json or table, got '" + format + "'");
    }
    SparkSession spark = SparkSessions.getOrCreate(master, "segeval sql", verbose);
    if (!verbose) {
      BadRecordLogFilter.dropEveryTaskFailure(); // the failure's one line is Spark's reason
    }
    SegEvalFunctions.register(spark);
    Dataset<Row> rows;
    try {
      rows = spark.sql(query);
    } catch (Exception e) { // AnalysisException is checked for javac, but thrown by spark.sql
      // A query that does not parse or resolve is a bad command line (exit 2), said in one line; so is
      // a SegEval function's refusal of its arguments (their number, their type) while Spark resolves it.
      if (e instanceof AnalysisException) {
        throw new UsageException("the query: " + MessageText.firstLine(e.getMessage()) + directQueryCauses((AnalysisException) e)
            + scriptHint(e), e);
      }
      if (e instanceof RefusedArgumentException) {
        throw new UsageException(e.getMessage(), e);
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    String[] names = rows.columns();
    // Columns are taken by position: a result may name two columns alike (SELECT * over a join).
    Dataset<Row> byPosition = rows.toDF(IntStream.range(0, names.length).mapToObj(SqlCommand::positional)
        .toArray(String[]::new));
    if (f.equals("json")) {
      // Null values are written (as null), so every line has every column.
      Column json = to_json(struct(IntStream.range(0, names.length).mapToObj(i -> col(positional(i)).as(names[i]))
          .toArray(Column[]::new)), Map.of("ignoreNullFields", "false"));
      for (Row r : byPosition.select(json).collectAsList()) {
        out.println(r.getString(0));
      }
    } else {
      printTable(byPosition, names, out);
    }
    out.flush();
    return ExitCode.OK;
  }

  /**
   * A query over files ({@code FROM parquet.`/path`}) that Spark cannot plan says only "Failed to
   * create plan for direct query on files"; its causes say why (schemas that do not merge, e.g. an
   * array of floats in one folder and of doubles in another): each in one line, after it.
   */
  static String directQueryCauses(AnalysisException e) {
    if (!DIRECT_QUERY_FAILED.equals(e.getCondition())) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      b.append(": ").append(String.valueOf(t.getMessage()).strip().replaceAll("\\s+", " "));
    }
    return b.toString();
  }

  private static final String DIRECT_QUERY_FAILED = "FAILED_TO_CREATE_PLAN_FOR_DIRECT_QUERY";

  /**
   * Spark parses one statement: "SELECT ...; SELECT ..." fails as "extra input 'SELECT'". When a
   * query that does not parse has a semicolon before its end and is no script, say how several run.
   */
  private String scriptHint(Exception e) {
    String q = query.strip();
    return e instanceof ParseException && hasSeveralStatements(q) && !q.regionMatches(true, 0, "BEGIN", 0, 5)
        ? "; several statements run as one SQL script: BEGIN ...; ...; END" : "";
  }

  /**
   * Whether {@code q} has a semicolon with more text after it outside quotes ('...', "..." with
   * backslash escapes, `...`) and comments (from -- to the line's end, and block comments).
   */
  static boolean hasSeveralStatements(String q) {
    char quote = 0;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++; // the escaped character
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (q.startsWith("--", i)) {
        int lineEnd = q.indexOf('\n', i);
        i = lineEnd < 0 ? q.length() : lineEnd;
      } else if (q.startsWith("/*", i)) {
        int end = q.indexOf("*/", i + 2);
        i = end < 0 ? q.length() : end + 1;
      } else if (c == ';' && !q.substring(i + 1).isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Columns aligned under their names, values as Spark casts them to strings (structs as {a, b, ...}),
   * null as NULL.
   */
  private static void printTable(Dataset<Row> byPosition, String[] names, PrintWriter out) {
    List<Column> asText = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      asText.add(col(positional(i)).cast(DataTypes.StringType));
    }
    List<String[]> cells = new ArrayList<>();
    for (Row r : byPosition.select(asText.toArray(new Column[0])).collectAsList()) {
      String[] line = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        line[i] = r.isNullAt(i) ? "NULL" : r.getString(i);
      }
      cells.add(line);
    }
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    if (names.length > 0) { // a statement without a result (CREATE ...) has no header to print
      out.println(line(names, width));
      String[] rule = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        rule[i] = "-".repeat(width[i]);
      }
      out.println(line(rule, width));
    }
    for (String[] l : cells) {
      out.println(line(l, width));
    }
    out.println("(" + cells.size() + (cells.size() == 1 ? " row)" : " rows)"));
  }

  /** The name of the i-th result column while it is printed (the result's own names may repeat). */
  private static String positional(int i) {
    return "c" + i;
  }

  private static String line(String[] values, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : " | ").append(String.format(Locale.ROOT, "%-" + Math.max(1, width[i]) + "s", values[i]));
    }
    return b.toString().stripTrailing();
  }
}
