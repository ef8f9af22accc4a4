package io.segeval.bench;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import java.util.Arrays;
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

/** The fused binary pass ({@link BinaryCounts#update}) over one image, vector and scalar kernels. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class BinaryPassBenchmark {
  @Param({"512", "2048"})
  int size;

  @Param({"vector", "scalar"})
  String kernels;

  /** The predictions as logits or as their sigmoids (a different loop: log p and log(1 − p)). */
  @Param({"logits", "probabilities"})
  String input;

  private double[] predictions;
  private InputKind kind;
  private double[] targets;

  @Setup
  public void setup() {
    KernelChoice.select(kernels);
    double[][] image = BenchImages.binary(size, 1);
    kind = "logits".equals(input) ? InputKind.LOGITS : InputKind.PROBABILITIES;
    predictions = kind == InputKind.LOGITS ? image[0] : Arrays.stream(image[0]).map(x -> 1 / (1 + Math.exp(-x))).toArray();
    targets = image[1];
  }

  @Benchmark
  public BinaryCounts fusedPass() {
    BinaryCounts counts = new BinaryCounts(BinaryParams.DEFAULTS);
    counts.update(predictions, targets, size * size, size, kind);
    return counts;
  }
}
