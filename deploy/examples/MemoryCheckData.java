import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngMask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The memory check's dataset: IMAGES binary pairs of SIZE x SIZE pixels, pred/img_NNNNN.npy
 * (float32 logits) and mask/img_NNNNN.png (0/255): a few elliptic blobs, logits that are noisy
 * everywhere so that most pixels have a Lovász error > 0 and nearly every error is distinct (the
 * hardest case for the dataset-wide sort). Deterministic for a seed.
 *
 * Run with SegEval's jar on the class path (Java's single-file launcher):
 *   java -cp jobs/target/segeval-jobs-VERSION-app.jar deploy/examples/MemoryCheckData.java DIR IMAGES [SIZE] [SEED]
 */
public class MemoryCheckData {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int images = Integer.parseInt(args[1]);
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1L;
    Files.createDirectories(dir.resolve("pred"));
    Files.createDirectories(dir.resolve("mask"));
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = size * size;
    byte[] mask = new byte[n];
    float[] logits = new float[n];
    for (int i = 0; i < images; i++) {
      java.util.Arrays.fill(mask, (byte) 0);
      int blobs = 1 + rnd.nextInt(4);
      for (int b = 0; b < blobs; b++) {
        double cy = rnd.nextDouble(0.1, 0.9) * size;
        double cx = rnd.nextDouble(0.1, 0.9) * size;
        double ry = rnd.nextDouble(0.05, 0.3) * size;
        double rx = rnd.nextDouble(0.05, 0.3) * size;
        for (int y = 0; y < size; y++) {
          double dy = (y - cy) / ry;
          for (int x = 0; x < size; x++) {
            double dx = (x - cx) / rx;
            if (dy * dy + dx * dx <= 1.0) {
              mask[y * size + x] = (byte) 255;
            }
          }
        }
      }
      for (int j = 0; j < n; j++) {
        double sign = mask[j] != 0 ? 1.0 : -1.0;
        logits[j] = (float) (1.5 * sign + 2.0 * gaussian(rnd));
      }
      String id = String.format("img_%05d", i);
      Files.write(dir.resolve("pred").resolve(id + ".npy"), NpyWriter.encodeFloat32(new int[] {size, size}, logits));
      Files.write(dir.resolve("mask").resolve(id + ".png"), PngMask.encodeGray8(size, size, mask));
    }
    System.out.println(images + " images of " + size + "x" + size + " under " + dir);
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble(1e-12, 1.0);
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
