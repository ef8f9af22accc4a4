package io.segeval.jobs.demo;

import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small realistic binary dataset: ground truth made of a few elliptic blobs (some images empty),
 * predicted logits that are confident inside and outside, soft at the blob edges, noisy, with a
 * missed blob and a false alarm now and then. Deterministic for a seed.
 */
public final class DemoDataset {
  private DemoDataset() {}

  /** Writes {@code images} pairs: {@code dir/pred/<id>.npy} (float32 logits) and {@code dir/mask/<id>.png} (0/255). */
  public static void write(Path dir, int images, long seed) throws IOException {
    write(dir, images, seed, 0);
  }

  /** As {@link #write(Path, int, long)}, every image {@code size}×{@code size} (0: varied sizes). */
  public static void write(Path dir, int images, long seed, int size) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < images; i++) {
      int h = size > 0 ? size : 96 + 16 * rnd.nextInt(5);
      int w = size > 0 ? size : 128 + 16 * rnd.nextInt(5);
      byte[] mask = new byte[h * w];
      float[] logits = new float[h * w];
      double[] margin = new double[h * w];
      java.util.Arrays.fill(margin, -1.0);
      int blobs = i % 7 == 3 ? 0 : 1 + rnd.nextInt(3);
      for (int b = 0; b < blobs; b++) {
        addBlob(margin, h, w, rnd);
      }
      double[] predicted = margin.clone();
      if (blobs > 0 && rnd.nextInt(4) == 0) {
        addBlob(predicted, h, w, rnd); // a false alarm
      }
      for (int j = 0; j < h * w; j++) {
        mask[j] = (byte) (margin[j] > 0 ? 255 : 0);
        // Confident away from the edge, unsure near it, plus pixel noise.
        logits[j] = (float) (6.0 * Math.tanh(2.0 * predicted[j]) + 1.6 * DemoNoise.gaussian(rnd));
      }
      String id = (i % 5 == 4 ? "site_b/" : "") + String.format(Locale.ROOT, "img_%03d", i);
      Path pred = dir.resolve("pred").resolve(id + ".npy");
      Path target = dir.resolve("mask").resolve(id + ".png");
      Files.createDirectories(pred.getParent());
      Files.createDirectories(target.getParent());
      Files.write(pred, NpyWriter.encodeFloat32(new int[] {h, w}, logits));
      Files.write(target, PngMask.encodeGray8(h, w, mask));
    }
  }

  /** Raises {@code margin} to 3·(1 − d), d the normalized distance to a random ellipse's centre (d < 1: inside). */
  private static void addBlob(double[] margin, int h, int w, SplittableRandom rnd) {
    double cy = rnd.nextDouble(0.15, 0.85) * h;
    double cx = rnd.nextDouble(0.15, 0.85) * w;
    double ry = rnd.nextDouble(0.08, 0.25) * h;
    double rx = rnd.nextDouble(0.08, 0.25) * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dy = (y - cy) / ry;
        double dx = (x - cx) / rx;
        double inside = 1.0 - Math.sqrt(dy * dy + dx * dx);
        margin[y * w + x] = Math.max(margin[y * w + x], inside * 3);
      }
    }
  }
}
