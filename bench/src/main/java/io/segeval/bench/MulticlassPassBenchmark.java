package io.segeval.bench;

import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassImageResult;
import io.segeval.core.multiclass.MulticlassParams;
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
 * The fused multiclass pass ({@link MulticlassCounts#update}: softmax, argmax, CE, per-class sums,
 * confusion cells) over one C×512×512 image of logits, vector and scalar channel loops.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Benchmark)
public class MulticlassPassBenchmark {
  @Param({"19", "150"})
  int classes;

  @Param({"512"})
  int size;

  @Param({"vector", "scalar"})
  String kernels;

  private double[] logits;
  private double[] targets;
  private MulticlassCounts counts;

  @Setup
  public void setup() {
    KernelChoice.select(kernels);
    logits = BenchImages.multiclassLogits(classes, size, 2);
    targets = BenchImages.multiclassTargets(classes, size, 3);
    counts = new MulticlassCounts(MulticlassParams.of(classes));
  }

  @Benchmark
  public MulticlassImageResult pass() {
    return counts.update(logits, targets, size * size, size);
  }
}
