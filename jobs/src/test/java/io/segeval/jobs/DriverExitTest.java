package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.apache.spark.SparkUserAppException;
import org.junit.jupiter.api.Test;

/** The driver's exit under a YARN ApplicationMaster (cluster mode), which must not System.exit. */
class DriverExitTest {

  private static Properties props(String master, String deployMode) {
    Properties p = new Properties();
    p.setProperty("spark.master", master);
    if (deployMode != null) {
      p.setProperty("spark.submit.deployMode", deployMode);
    }
    return p;
  }

  @Test
  void onlyAYarnClusterModeDriverIsInsideTheApplicationMaster() {
    assertTrue(DriverExit.inYarnClusterDriver(props("yarn", "cluster")));
    assertFalse(DriverExit.inYarnClusterDriver(props("yarn", "client")));
    assertFalse(DriverExit.inYarnClusterDriver(props("spark://127.0.0.1:7077", "cluster")));
    assertFalse(DriverExit.inYarnClusterDriver(props("k8s://https://api:6443", "cluster")));
    assertFalse(DriverExit.inYarnClusterDriver(props("local[*]", null)));
    assertFalse(DriverExit.inYarnClusterDriver(new Properties()));
  }

  @Test
  void yarnClusterModeReturnsOnSuccessAndThrowsTheStatusOtherwise() {
    Properties yarnCluster = props("yarn", "cluster");
    // returning from main is what makes the ApplicationMaster report SUCCEEDED
    assertDoesNotThrow(() -> DriverExit.exit(0, yarnCluster));
    SparkUserAppException gate = assertThrows(SparkUserAppException.class, () -> DriverExit.exit(3, yarnCluster));
    assertEquals(3, gate.exitCode());
    assertEquals(2, assertThrows(SparkUserAppException.class, () -> DriverExit.exit(2, yarnCluster)).exitCode());
  }
}
