package io.segeval.bench;

import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszWorkspace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The per-image binary Lovász hinge ({@link LovaszHinge#perImage}: scan, radix sort, gradient). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class LovaszHingeBenchmark {
  @Param({"512", "2048"})
  int size;

  /** confident: about 1% of the pixels enter the sort; noisy: about 16% (see {@link BenchImages}). */
  @Param({"confident", "noisy"})
  String logits;

  /** The fast path's scan: on vectors or the scalar loop ({@code -Dsegeval.kernels} in the fork). */
  @Param({"vector", "scalar"})
  String kernels;

  private double[] x;
  private double[] targets;
  private final LovaszWorkspace workspace = new LovaszWorkspace();

  @Setup
  public void setup() {
    KernelChoice.select(kernels);
    double[][] image = BenchImages.binary(size, 1, logits.equals("noisy"));
    x = image[0];
    targets = image[1];
  }

  @Benchmark
  public double hinge() {
    return LovaszHinge.perImage(x, targets, size * size, workspace);
  }
}
