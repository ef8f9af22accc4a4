package io.segeval.core.multiclass;

import io.segeval.core.InputKind;
import java.util.Arrays;
import java.util.Random;

/**
 * Rough single-thread throughput of {@link MulticlassCounts#update} on 512×512 random logits, and
 * the cost of the probabilities-read-as-logits check ({@link ProbabilityLikeScores}) beside it (not
 * a test). Run after {@code mvn -o -pl udfs test-compile}:
 * {@code java -cp udfs/target/classes:udfs/target/test-classes
 * io.segeval.core.multiclass.MulticlassThroughputMain [C ...]}
 */
public final class MulticlassThroughputMain {
  private MulticlassThroughputMain() {}

  public static void main(String[] args) {
    int[] classes = args.length == 0 ? new int[] {19, 150} : parse(args);
    int side = 512;
    int n = side * side;
    for (int c : classes) {
      Random r = new Random(1);
      double[] pred = new double[c * n];
      for (int k = 0; k < pred.length; k++) {
        pred[k] = r.nextGaussian() * 4;
      }
      double[] target = new double[n];
      for (int j = 0; j < n; j++) {
        target[j] = r.nextInt(20) == 0 ? 255 : r.nextInt(c);
      }
      double[] probabilities = new double[c * n];
      for (boolean withBuffer : new boolean[] {false, true}) {
        MulticlassCounts counts = new MulticlassCounts(MulticlassParams.of(c));
        double[] out = withBuffer ? probabilities : null;
        for (int i = 0; i < 5; i++) {
          counts.update(pred, target, n, side, out); // warm-up
        }
        int images = Math.max(3, 2000 / c);
        long start = System.nanoTime();
        for (int i = 0; i < images; i++) {
          counts.update(pred, target, n, side, out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "C=%4d %d×%d %s: %.1f Mpx/s (%.1f ms/image, %.0f M channel-values/s)%n",
            c, side, side, withBuffer ? "with probability buffer" : "counts only            ",
            images * (double) n / seconds / 1e6, seconds * 1e3 / images,
            images * (double) n * c / seconds / 1e6);
        if (!withBuffer) {
          printSampleCheckCost(c, n, seconds / images);
        }
      }
    }
  }

  /** The check at its dearest: on probabilities, where every sampled value is read. */
  private static void printSampleCheckCost(int c, int n, double passSeconds) {
    double[] p = new double[c * n];
    Arrays.fill(p, 1.0 / c);
    int runs = 20_000;
    int yes = 0;
    for (int i = 0; i < runs; i++) {
      yes += ProbabilityLikeScores.readAsLogits(InputKind.LOGITS, p, c, n) ? 1 : 0; // warm-up
    }
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      yes += ProbabilityLikeScores.readAsLogits(InputKind.LOGITS, p, c, n) ? 1 : 0;
    }
    double seconds = (System.nanoTime() - start) / 1e9 / runs;
    System.out.printf("C=%4d sample check: %.1f µs/image, %.3f%% of the pass (%d)%n",
        c, seconds * 1e6, 100 * seconds / passSeconds, yes);
  }

  private static int[] parse(String[] args) {
    int[] c = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      c[i] = Integer.parseInt(args[i]);
    }
    return c;
  }
}
