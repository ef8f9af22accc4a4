package io.segeval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.testing.TestSpark;
import org.apache.spark.sql.SparkSession;

/**
 * Sessions whose SegEval functions come from {@code spark.sql.extensions} only. The test JVM has
 * one SparkContext (TestSpark), and extensions apply when a session's state is built, so the
 * sound check is {@code newSession()}: same context and extensions, a fresh session state whose
 * function registry holds the built-ins plus what the extensions inject, and none of the
 * functions that {@code SegEvalFunctions.register} added to the shared session.
 */
final class ExtensionSessions {
  private ExtensionSessions() {}

  static SparkSession fresh() {
    SparkSession shared = TestSpark.get();
    assertEquals(SegEvalExtensions.CONF_VALUE, shared.conf().get("spark.sql.extensions", ""),
        "the shared test session must be built by TestSpark.get() (with the SegEval extension) before any other");
    return shared.newSession();
  }
}
