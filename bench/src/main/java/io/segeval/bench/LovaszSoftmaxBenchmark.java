package io.segeval.bench;

import io.segeval.core.lovasz.LovaszSoftmax;
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

/**
 * The per-image Lovász-softmax ({@link LovaszSoftmax#perImage}: one radix sort per present class)
 * of a C-class image of softmax probabilities.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@State(Scope.Benchmark)
public class LovaszSoftmaxBenchmark {
  @Param({"512", "2048"})
  int size;

  @Param({"19"})
  int classes;

  /** The scan that makes each class's sort keys: on vectors or the scalar loop ({@code -Dsegeval.kernels}). */
  @Param({"vector", "scalar"})
  String kernels;

  private double[] probabilities;
  private double[] labels;
  private final LovaszWorkspace workspace = new LovaszWorkspace();

  @Setup
  public void setup() {
    KernelChoice.select(kernels);
    int n = size * size;
    probabilities = BenchImages.softmax(BenchImages.multiclassLogits(classes, size, 2), classes, n);
    labels = BenchImages.multiclassTargets(classes, size, 3);
  }

  @Benchmark
  public double softmax() {
    return LovaszSoftmax.perImage(probabilities, classes, labels, size * size, BenchImages.IGNORE, workspace);
  }
}
