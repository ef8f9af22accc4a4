package io.segeval.bench;

import io.segeval.core.InputKind;
import io.segeval.core.VectorSupport;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;

/**
 * The fused binary pass in a fresh JVM, as the first tasks of a cold run meet it: THREADS threads
 * (default 2) each pass IMAGES synthetic 512×512 images (default 200), and the seconds since the
 * start at which thread 0 finished its 1st, 2nd, 5th, ... and last image are printed. Run it once per JVM
 * setting to compare (the kernels with {@code -Dsegeval.kernels}, the JIT with the launcher's
 * options): JMH measures the warm loop, this the way there.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector $(grep -v '^#' deploy/launcher-jvm-options) \
 *   -cp bench/target/benchmarks.jar io.segeval.bench.ColdKernelStart 200 2
 * </pre>
 */
public final class ColdKernelStart {
  private static final int SIZE = 512;
  private static final int[] MARKS = {1, 2, 5, 10, 20, 50, 100, 200, 400, 800};

  private ColdKernelStart() {}

  public static void main(String[] args) throws InterruptedException {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    double[][] image = BenchImages.binary(SIZE, 1);
    long[] doneAt = new long[images];
    long start = System.nanoTime();
    Thread[] workers = new Thread[threads];
    for (int w = 0; w < threads; w++) {
      boolean first = w == 0;
      workers[w] = new Thread(() -> {
        for (int i = 0; i < images; i++) {
          new BinaryCounts(BinaryParams.DEFAULTS).update(image[0], image[1], SIZE * SIZE, SIZE, InputKind.LOGITS);
          if (first) {
            doneAt[i] = System.nanoTime() - start;
          }
        }
      });
      workers[w].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    StringBuilder line = new StringBuilder(VectorSupport.describe()).append(", ").append(threads)
        .append(" threads; image: seconds since the start");
    for (int mark : MARKS) {
      if (mark < images) {
        line.append(String.format("  %d: %.2f", mark, doneAt[mark - 1] / 1e9));
      }
    }
    line.append(String.format("  %d: %.2f", images, doneAt[images - 1] / 1e9));
    System.out.println(line);
  }
}
