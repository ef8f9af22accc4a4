package io.segeval.jobs.demo;

import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small multiclass dataset (C = 5): ground truth of background with a few elliptic objects of
 * classes 1–4, a 2-pixel band of 255 ("ignore", as in VOC) along every edge between classes;
 * predicted (C, H, W) float32 logits that favour the true class with pixel noise, and now and then
 * an object taken for another class. Every third target is a palette PNG with the VOC colours (the
 * palette index is the class id; the colours are not), the others 8-bit grey. Deterministic for a seed.
 */
public final class MulticlassDemoDataset {
  private MulticlassDemoDataset() {}

  public static final List<String> CLASS_NAMES = List.of("background", "road", "car", "person", "tree");
  public static final int NUM_CLASSES = CLASS_NAMES.size();
  public static final int IGNORE = 255;

  /**
   * Writes {@code images} pairs: {@code dir/pred/<id>.npy} (C, H, W) logits and {@code dir/mask/<id>.png}.
   *
   * @param size the side of square images, or 0 for varied sizes around 88×104
   */
  public static void write(Path dir, int images, long seed, int size) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] palette = vocPalette();
    for (int i = 0; i < images; i++) {
      int h = size > 0 ? size : 64 + 16 * rnd.nextInt(4);
      int w = size > 0 ? size : 80 + 16 * rnd.nextInt(4);
      int n = h * w;
      int[] truth = new int[n];
      int[] seen = new int[n]; // the class the model "sees": the truth, or a confused object's class
      int objects = 1 + rnd.nextInt(4);
      for (int b = 0; b < objects; b++) {
        int cls = 1 + rnd.nextInt(NUM_CLASSES - 1);
        int confusedAs = rnd.nextInt(5) == 0 ? 1 + (cls + rnd.nextInt(NUM_CLASSES - 2)) % (NUM_CLASSES - 1) : cls;
        paintEllipse(truth, seen, h, w, rnd, cls, confusedAs);
      }
      byte[] mask = new byte[n];
      float[] logits = new float[NUM_CLASSES * n];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int j = y * w + x;
          mask[j] = (byte) (onEdge(truth, h, w, y, x) ? IGNORE : truth[j]);
          for (int c = 0; c < NUM_CLASSES; c++) {
            // The seen class stands out by 3, blurred by unit Gaussian noise per channel.
            logits[c * n + j] = (float) ((c == seen[j] ? 3.0 : 0.0) + 1.1 * DemoNoise.gaussian(rnd));
          }
        }
      }
      String id = (i % 4 == 3 ? "site_b/" : "") + String.format(Locale.ROOT, "img_%03d", i);
      Path pred = dir.resolve("pred").resolve(id + ".npy");
      Path target = dir.resolve("mask").resolve(id + ".png");
      Files.createDirectories(pred.getParent());
      Files.createDirectories(target.getParent());
      Files.write(pred, NpyWriter.encodeFloat32(new int[] {NUM_CLASSES, h, w}, logits));
      Files.write(target, i % 3 == 0 ? PngMask.encodePalette(h, w, mask, palette) : PngMask.encodeGray8(h, w, mask));
    }
  }

  /** Paints a random ellipse of class {@code cls} into the truth and {@code seenAs} into what the model sees. */
  private static void paintEllipse(int[] truth, int[] seen, int h, int w, SplittableRandom rnd, int cls, int seenAs) {
    double cy = rnd.nextDouble(0.2, 0.8) * h;
    double cx = rnd.nextDouble(0.2, 0.8) * w;
    double ry = rnd.nextDouble(0.1, 0.3) * h;
    double rx = rnd.nextDouble(0.1, 0.3) * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dy = (y - cy) / ry;
        double dx = (x - cx) / rx;
        if (dy * dy + dx * dx <= 1.0) {
          truth[y * w + x] = cls;
          seen[y * w + x] = seenAs;
        }
      }
    }
  }

  /** Whether a 4-neighbour has another class: the pixels on both sides of an edge are ignored. */
  private static boolean onEdge(int[] truth, int h, int w, int y, int x) {
    int c = truth[y * w + x];
    return y > 0 && truth[(y - 1) * w + x] != c || y + 1 < h && truth[(y + 1) * w + x] != c
        || x > 0 && truth[y * w + x - 1] != c || x + 1 < w && truth[y * w + x + 1] != c;
  }

  /** The PASCAL VOC colour map: 256 entries, 0xRRGGBB; index 255 is (224, 224, 192). */
  public static int[] vocPalette() {
    int[] palette = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = 0;
      int g = 0;
      int b = 0;
      int c = i;
      for (int bit = 7; bit >= 0; bit--) {
        r |= (c & 1) << bit;
        g |= ((c >> 1) & 1) << bit;
        b |= ((c >> 2) & 1) << bit;
        c >>= 3;
      }
      palette[i] = r << 16 | g << 8 | b;
    }
    return palette;
  }
}
