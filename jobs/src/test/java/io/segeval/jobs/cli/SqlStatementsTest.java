package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A query that does not parse gets the "SQL script" hint only for a semicolon that separates statements. */
class SqlStatementsTest {
  @Test
  void semicolonsInQuotesAndCommentsSeparateNothing() {
    assertTrue(SqlCommand.hasSeveralStatements("SELECT 1; SELECT 2"));
    assertTrue(SqlCommand.hasSeveralStatements("SELECT ';'; SELECT 2"));
    assertFalse(SqlCommand.hasSeveralStatements("SELECT 1;  \n"));
    assertFalse(SqlCommand.hasSeveralStatements("SELECT 'a;b', \"c;d\", `e;f` FROM t"));
    assertFalse(SqlCommand.hasSeveralStatements("SELECT 'it\\'s; fine' FROM t"));
    assertFalse(SqlCommand.hasSeveralStatements("SELECT 1 -- a; b\nFROM t"));
    assertFalse(SqlCommand.hasSeveralStatements("SELECT 1 /* a; b */ FROM t"));
    assertTrue(SqlCommand.hasSeveralStatements("SELECT 1 /* a; b */; SELECT 2"));
  }
}
