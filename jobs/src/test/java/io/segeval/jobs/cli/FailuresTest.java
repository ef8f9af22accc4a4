package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the user reads for failures that do not come from their data. */
class FailuresTest {

  @Test
  void javaTooNewForHadoopSaysWhichJavaToUse() {
    // what Hadoop's UserGroupInformation throws on Java 24+, wrapped as Spark wraps it
    Exception e = new RuntimeException("listing failed",
        new UnsupportedOperationException("getSubject is not supported"));
    assertEquals(Failures.unsupportedJava(Runtime.version().feature()), Failures.message(e));
    assertEquals("this is Java 25, and the Hadoop client that Spark 4.1 ships does not run on Java 24"
            + " or later (Subject.getSubject is not supported); run SegEval on Java 17 or 21 (set JAVA_HOME)",
        Failures.unsupportedJava(25));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(e));
  }

  @Test
  void otherFailuresKeepTheirClassAndFirstLine() {
    assertEquals("UnsupportedOperationException: not here",
        Failures.message(new UnsupportedOperationException("not here\nsecond line")));
    assertEquals("IllegalStateException: the reason",
        Failures.message(new IllegalStateException("\n  \nthe reason\n\n== SQL ==\nSELEC 1")));
  }
}
