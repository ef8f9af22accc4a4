package io.segeval.core;

import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszWorkspace;
import java.util.Random;

/**
 * Prints the kernels this JVM chose, a binary sum and the Lovász hinge (float logits: its fast
 * path) computed with them (for {@link VectorSupportTest}).
 */
public final class KernelChoiceMain {
  private KernelChoiceMain() {}

  public static void main(String[] args) {
    Random rnd = new Random(5);
    int n = 10_000;
    double[] x = new double[n];
    double[] t = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = (float) (rnd.nextGaussian() * 5);
      t[j] = rnd.nextInt(2);
    }
    BinaryCounts counts = new BinaryCounts(BinaryParams.DEFAULTS);
    counts.update(x, t, n, n, InputKind.LOGITS);
    System.out.println(VectorSupport.describe());
    System.out.println(Double.toHexString(counts.bceSum()) + " " + counts.tp());
    System.out.println(Double.toHexString(LovaszHinge.perImage(x, t, n, new LovaszWorkspace())));
  }
}
