package io.segeval.core;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel choice in fresh JVMs: without {@code jdk.incubator.vector} SegEval runs the scalar
 * loops (and never touches the module's classes); {@code -Dsegeval.kernels=scalar} forces them;
 * with the module and no property the vector kernels run when the CPU has wide vectors. All give
 * the same result to 1e-12.
 */
class VectorSupportTest {

  @Test
  void withoutTheModuleOrWhenForcedTheScalarLoopsRunAndAgreeWithTheVectorOnes() throws Exception {
    List<String> noModule = run();
    List<String> forced = run("--add-modules=jdk.incubator.vector", "-D" + VectorSupport.PROPERTY + "=scalar");
    List<String> auto = run("--add-modules=jdk.incubator.vector");
    assertEquals("scalar", noModule.get(0));
    assertEquals("scalar", forced.get(0));
    assertEquals(noModule.get(1), forced.get(1), "the scalar path is deterministic");
    assertTrue(auto.get(0).equals("scalar") || auto.get(0).matches("vector \\(\\d+ doubles\\)"), auto.get(0));
    String[] scalar = noModule.get(1).split(" ");
    String[] vector = auto.get(1).split(" ");
    assertClose(Double.parseDouble(scalar[0]), Double.parseDouble(vector[0]), 1e-12, "bce sum");
    assertEquals(scalar[1], vector[1], "tp");
    assertEquals(noModule.get(2), auto.get(2), "Lovász hinge: the same keys, the same sort");
    assertEquals(noModule.get(3), auto.get(3), "Lovász-softmax: the same keys, the same sort");
  }

  @Test
  void aCpuWithoutFusedMultiplyAddGetsTheScalarLoopsUnlessVectorsAreForced() throws Exception {
    // -XX:-UseFMA is how HotSpot describes such a CPU; VectorExp's polynomials would be emulated
    List<String> auto = run("--add-modules=jdk.incubator.vector", "-XX:-UseFMA");
    List<String> forced = run("--add-modules=jdk.incubator.vector", "-XX:-UseFMA", "-D" + VectorSupport.PROPERTY + "=vector");
    assertEquals("scalar", auto.get(0));
    assertTrue(forced.get(0).matches("vector \\(\\d+ doubles\\)"), forced.get(0));
    assertClose(Double.parseDouble(auto.get(1).split(" ")[0]), Double.parseDouble(forced.get(1).split(" ")[0]), 1e-12,
        "bce sum");
  }

  @Test
  void anUnknownChoiceIsRefusedWithTheAllowedValues() throws Exception {
    Process p = start("-D" + VectorSupport.PROPERTY + "=fast");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(p.exitValue() != 0);
    assertTrue(err.contains("-Dsegeval.kernels must be auto, scalar or vector, got 'fast'"), err);
  }

  private static List<String> run(String... jvmOptions) throws IOException, InterruptedException {
    Process p = start(jvmOptions);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, p.exitValue(), err);
    return List.of(out.strip().split("\n"));
  }

  private static Process start(String... jvmOptions) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmOptions));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(KernelChoiceMain.class.getName());
    return new ProcessBuilder(cmd).start();
  }
}
