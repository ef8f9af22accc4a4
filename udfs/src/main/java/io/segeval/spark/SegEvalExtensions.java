package io.segeval.spark;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers every SegEval SQL function ({@link SegEvalFunctions#ALL}) in each session built with
 * {@code spark.sql.extensions=io.segeval.spark.SegEvalExtensions} and the SegEval jar on the
 * classpath: {@code spark-sql}, the Thrift server, PySpark, or any JVM session, without code.
 */
public final class SegEvalExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  /** The value of {@code spark.sql.extensions}. */
  public static final String CONF_VALUE = SegEvalExtensions.class.getName();

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    SegEvalFunctions.inject(extensions);
    return BoxedUnit.UNIT;
  }
}
