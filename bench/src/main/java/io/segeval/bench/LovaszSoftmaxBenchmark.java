package io.segeval.bench;

import io.segeval.codec.NdArray;
import io.segeval.codec.Npy;
import io.segeval.core.lovasz.LovaszSoftmax;
import io.segeval.core.lovasz.LovaszWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * of a C-class image of softmax probabilities: by default the softmax of random logits that do not
 * depend on the labels ({@link BenchImages}); with {@code -p images=DIR} a trained model's, as
 * {@code bench/trained_softmax.py} writes them (DIR/probs-i.npy, (C, H, W), and DIR/labels-i.npy,
 * one image per operation in turn; {@code -p classes} and {@code -p size} must say what the files
 * hold, e.g. {@code -p classes=8 -p size=512}).
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

  /** {@code random}, or a folder of bench/trained_softmax.py's files. */
  @Param({"random"})
  String images;

  private double[][] probabilities;
  private double[][] labels;
  private int next;
  private final LovaszWorkspace workspace = new LovaszWorkspace();

  @Setup
  public void setup() throws IOException {
    KernelChoice.select(kernels);
    if (images.equals("random")) {
      double[] logits = BenchImages.multiclassLogits(classes, size, 2);
      probabilities = new double[][] {BenchImages.softmax(logits, classes, size * size)};
      labels = new double[][] {BenchImages.multiclassTargets(classes, size, 3)};
      return;
    }
    List<double[]> ps = new ArrayList<>();
    List<double[]> ts = new ArrayList<>();
    for (int i = 0; Files.exists(Path.of(images, "probs-" + i + ".npy")); i++) {
      NdArray p = Npy.decode(Files.readAllBytes(Path.of(images, "probs-" + i + ".npy")), Long.MAX_VALUE, null);
      NdArray t = Npy.decode(Files.readAllBytes(Path.of(images, "labels-" + i + ".npy")), Long.MAX_VALUE, null);
      if (p.shape()[0] != classes || t.shape()[0] != size) {
        throw new IOException(images + " holds " + p.shape()[0] + " classes of " + t.shape()[0] + "x" + t.shape()[1]
            + ": give -p classes=" + p.shape()[0] + " -p size=" + t.shape()[0]);
      }
      ps.add(p.data());
      ts.add(t.data());
    }
    if (ps.isEmpty()) {
      throw new IOException("no " + Path.of(images, "probs-0.npy") + ": run bench/trained_softmax.py " + images);
    }
    probabilities = ps.toArray(double[][]::new);
    labels = ts.toArray(double[][]::new);
  }

  @Benchmark
  public double softmax() {
    int i = next;
    next = (i + 1) % labels.length;
    return LovaszSoftmax.perImage(probabilities[i], classes, labels[i], labels[i].length, BenchImages.IGNORE, workspace);
  }
}
