package io.segeval.bench;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszWorkspace;
import java.util.Locale;
import java.util.Random;

/**
 * A quick single-thread throughput check of the fused binary pass and the per-image Lovász hinge
 * on 512×512 images (not a test; JMH benchmarks live in bench/). Run:
 * {@code java -cp udfs/target/classes:udfs/target/test-classes io.segeval.bench.BinaryKernelThroughputMain}
 */
public final class BinaryKernelThroughputMain {
  public static void main(String[] args) {
    int n = 512 * 512;
    int images = 8;
    Random rnd = new Random(1);
    double[][] x = new double[images][n];
    double[][] t = new double[images][n];
    for (int i = 0; i < images; i++) {
      for (int j = 0; j < n; j++) {
        t[i][j] = rnd.nextInt(4) == 0 ? 1 : 0;
        x[i][j] = (float) ((t[i][j] * 2 - 1) * 3 + rnd.nextGaussian() * 2);
      }
    }
    BinaryParams params = BinaryParams.DEFAULTS;
    LovaszWorkspace ws = new LovaszWorkspace();
    double sink = 0;
    for (int round = 0; round < 6; round++) {
      long start = System.nanoTime();
      int reps = 40;
      for (int r = 0; r < reps; r++) {
        BinaryCounts c = new BinaryCounts(params);
        c.update(x[r % images], t[r % images], n, 512, InputKind.LOGITS);
        sink += c.bceSum();
      }
      double fused = reps * (double) n / ((System.nanoTime() - start) / 1e3);
      start = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        sink += LovaszHinge.perImage(x[r % images], t[r % images], n, ws);
      }
      double lovasz = reps * (double) n / ((System.nanoTime() - start) / 1e3);
      System.out.printf(Locale.ROOT, "round %d: fused binary pass %.1f Mpx/s, Lovász hinge %.1f Mpx/s (one thread)%n",
          round, fused, lovasz);
    }
    System.out.println("(checksum " + sink + ")");
  }
}
