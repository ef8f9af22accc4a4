package io.segeval.jobs;

import java.util.Properties;
import org.apache.spark.SparkUserAppException;

/**
 * How the driver ends with SegEval's exit status. Everywhere but one place that is
 * {@code System.exit(status)}: the local launcher, spark-submit in client mode (its exit status is
 * the driver's), a standalone or Kubernetes driver. A YARN cluster-mode driver runs inside the
 * ApplicationMaster, which reports any {@code System.exit} of its user class, 0 included, as a
 * failed application ("Shutdown hook called before final status was reported"): there a success
 * returns from main (the application SUCCEEDED) and another status is thrown as Spark's
 * {@link SparkUserAppException}, which the ApplicationMaster reports as FAILED with that exit code
 * ("User application exited with status 3").
 */
final class DriverExit {
  private DriverExit() {}

  /** Ends the driver with {@code status}, as above; returns only for 0 in YARN cluster mode. */
  static void exit(int status, Properties system) throws SparkUserAppException {
    if (!inYarnClusterDriver(system)) {
      System.exit(status);
    } else if (status != 0) {
      throw new SparkUserAppException(status, null);
    }
  }

  /** Whether this JVM is a YARN ApplicationMaster running the driver (it sets these properties). */
  static boolean inYarnClusterDriver(Properties system) {
    return "yarn".equals(system.getProperty("spark.master"))
        && "cluster".equals(system.getProperty("spark.submit.deployMode"));
  }
}
