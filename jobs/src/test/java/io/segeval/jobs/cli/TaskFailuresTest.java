package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.core.RefusedArgumentException;
import io.segeval.testing.TestSpark;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.junit.jupiter.api.Test;

/**
 * Exceptions thrown inside a real Spark job, as they reach the driver: the type decides what the
 * user reads, not the code the exception was thrown from (here: SegEval's test code in both cases).
 */
class TaskFailuresTest {

  private static Exception failedJob(VoidFunction<Integer> task) {
    JavaSparkContext sc = new JavaSparkContext(TestSpark.get().sparkContext());
    return assertThrows(Exception.class, () -> sc.parallelize(List.of(1), 1).foreach(task));
  }

  @Test
  void aRefusalInsideAJobIsItsOwnLineAndExitOne() {
    Exception e = failedJob(i -> {
      throw new RefusedArgumentException("pred has 2 values but target has 3");
    });
    assertEquals("pred has 2 values but target has 3", Failures.message(e));
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(e));
  }

  @Test
  void anUnexpectedIllegalArgumentExceptionInsideAJobIsAFailureInSparksWords() {
    Exception e = failedJob(i -> {
      throw new IllegalArgumentException("requirement failed");
    });
    assertEquals(ExitCode.FAILED, FailureHandler.exitCode(e));
    String message = Failures.message(e);
    assertTrue(message.startsWith("SparkException: Job aborted due to stage failure")
        && message.endsWith("java.lang.IllegalArgumentException: requirement failed"), message);
  }
}
