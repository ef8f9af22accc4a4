package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.jobs.SegEvalMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command's help lists {@code -V, --version}: each prints the version, as {@code segeval
 * --version} does ({@code segeval evaluate --version} printed nothing, with exit 0).
 */
class VersionTest {
  @Test
  void everyCommandPrintsTheVersion() {
    for (List<String> args : List.of(List.of("--version"), List.of("evaluate", "--version"), List.of("pack", "-V"),
        List.of("sql", "--version"), List.of("demo", "--version"))) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = SegEvalMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
      assertEquals(0, code, args + ": " + err);
      assertEquals("SegEval 0.1.0\n", out.toString(), args.toString());
      assertEquals("", err.toString(), args.toString());
    }
  }
}
