package io.segeval.core;

import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszSoftmax;
import io.segeval.core.lovasz.LovaszWorkspace;
import java.util.Random;

/**
 * Prints the kernels this JVM chose, a binary sum, the Lovász hinge (float logits: its fast
 * path) and the Lovász-softmax computed with them (for {@link VectorSupportTest}).
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
    // three classes: t as the label where it is 0/1, 2 for every tenth pixel, 255 (ignored) for every 17th
    double[] labels = new double[n];
    double[] probs = new double[3 * n];
    for (int j = 0; j < n; j++) {
      labels[j] = j % 17 == 0 ? 255 : j % 10 == 0 ? 2 : t[j];
      double e0 = Math.exp(x[j]);
      double e2 = Math.exp(-x[j] / 2);
      probs[j] = e0 / (e0 + 1 + e2);
      probs[n + j] = 1 / (e0 + 1 + e2);
      probs[2 * n + j] = e2 / (e0 + 1 + e2);
    }
    System.out.println(Double.toHexString(LovaszSoftmax.perImage(probs, 3, labels, n, 255, new LovaszWorkspace())));
  }
}
