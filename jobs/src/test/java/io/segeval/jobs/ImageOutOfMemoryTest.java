package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.NpyWriter;
import io.segeval.codec.PngBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task out of Java heap on an image ends the run with one line that names the image, the heap
 * and what to change, exit 1: not Spark's fatal-error exit 52 with stack traces (which, in the
 * test JVM, would end the JVM itself).
 */
class ImageOutOfMemoryTest {
  /** 22000 × 22000 pixels: 3.9 GB as doubles, more than the test JVM's heap (-Xmx3g). */
  private static final int SIDE = 22_000;

  @TempDir Path tmp;

  @Test
  void anImageLargerThanTheHeapIsOneLineNamingItAndTheFix() throws IOException {
    Files.createDirectories(tmp.resolve("pred"));
    Files.createDirectories(tmp.resolve("mask"));
    // the target is decoded first and runs out of heap; the prediction is never read
    Files.write(tmp.resolve("pred/huge.npy"), NpyWriter.encodeFloat32(new int[] {3, 1, 1}, new float[3]));
    Files.write(tmp.resolve("mask/huge.png"), blackOneBitPng(SIDE, SIDE));
    CliRun run = CliRun.of("evaluate", "--task", "multiclass", "--num-classes", "3", "--max-pixels", "1000000000",
        "--pred", tmp.resolve("pred").toString(), "--target", tmp.resolve("mask").toString(),
        "--output", tmp.resolve("out").toString());
    assertEquals(1, run.exitCode(), run.err());
    String[] lines = run.err().strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith("segeval: image 'huge' (file:" + tmp.resolve("pred/huge.npy") + "): out of memory (Java heap"
        + " space) in a Java heap of "), last);
    assertTrue(last.contains(" MiB: each running task holds one image's values as doubles"), last);
    assertTrue(last.endsWith("Give SegEval more heap (SEGEVAL_JAVA_OPTS=-Xmx8g; spark-submit: --driver-memory with a"
        + " local master, else --executor-memory) or run fewer tasks at once (--master local[N] with N under the cores in"
        + " use; on a cluster fewer --executor-cores)"), last);
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    assertFalse(Files.exists(tmp.resolve("out")), "a failed run leaves no output");
  }

  /** A 1-bit greyscale PNG of zeros: a few dozen KB on disk, its pixels only counted when decoded. */
  private static byte[] blackOneBitPng(int width, int height) throws IOException {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] scanline = new byte[1 + (width + 7) / 8]; // filter byte 0, then the packed zero pixels
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
      for (int row = 0; row < height; row++) {
        z.write(scanline);
      }
    }
    return new PngBuilder().ihdr(width, height, 1, 0).chunk("IDAT", idat.toByteArray()).iend().bytes();
  }
}
