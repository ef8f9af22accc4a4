package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of both decoders: a fixed number of mutated valid files, each of
 * which must decode within the limits or be refused with a BadRecordException, nothing else,
 * within a bounded time and a bounded allocation.
 */
class CodecFuzzTest {

  private static final int CASES = 3000;
  private static final long MAX_ELEMENTS = 1 << 16;
  /** Per case: generous next to MAX_ELEMENTS doubles (512 KB) plus the decoder's own buffers. */
  private static final long MAX_ALLOCATED_BYTES = 64L << 20;

  @Test
  void npyMutationsOnlyEverThrowBadRecordException() {
    List<byte[]> seeds = List.of(
        NpyWriter.encodeFloat32(new int[] {4, 5}, randomFloats(20)),
        NpyTestWriter.encodeFloat64(new int[] {2, 3, 2}, new double[12]),
        NpyTestWriter.encodeUint8(new int[] {9}, new byte[9]),
        NpyTest.resource("float16_be.npy"),
        NpyTest.resource("float64_fortran.npy"),
        NpyTest.resource("uint8_v2.npy"),
        NpyTest.resource("float32_v3.npy"),
        NpyTest.resource("object.npy"));
    fuzz(seeds, 11, bytes -> Npy.decode(bytes, MAX_ELEMENTS, null), false);
  }

  @Test
  void pngMutationsOnlyEverThrowBadRecordException() {
    Random r = new Random(5);
    byte[] gray8 = new byte[24 * 17];
    r.nextBytes(gray8);
    short[] gray16 = new short[9 * 13];
    for (int i = 0; i < gray16.length; i++) {
      gray16[i] = (short) r.nextInt();
    }
    byte[] indices = new byte[16 * 16];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = (byte) r.nextInt(5);
    }
    int[] samples = r.ints(7 * 30, 0, 2).toArray();
    List<byte[]> seeds = List.of(
        PngMask.encodeGray8(17, 24, gray8),
        PngMask.encodeGray16(13, 9, gray16),
        PngMask.encodePalette(16, 16, indices, new int[] {1, 0xFF0000, 0xFF00, 0xFF, 0xFFFFFF}),
        new PngBuilder().ihdr(30, 7, 1, 0).idat(PngBuilder.scanlines(7, 30, 1, samples)).iend()
            .bytes());
    fuzz(seeds, 12, bytes -> PngMask.decode(bytes, MAX_ELEMENTS, null), true);
  }

  private static void fuzz(List<byte[]> seeds, long seed, Function<byte[], NdArray> decoder,
      boolean pngCrcFix) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      Random r = new Random(seed);
      int decoded = 0;
      for (byte[] s : seeds) {
        try {
          decoder.apply(s); // warm up: class loading is not counted below
        } catch (BadRecordException expected) {
          // the object-dtype seed
        }
      }
      for (int i = 0; i < CASES; i++) {
        byte[] bytes = mutate(seeds.get(r.nextInt(seeds.size())), r);
        if (pngCrcFix && r.nextBoolean()) {
          PngBuilder.fixCrcs(bytes); // let half the damage past the CRC check into ImageIO
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
          NdArray a = decoder.apply(bytes);
          assertTrue(a.size() <= MAX_ELEMENTS, "case " + i + " decoded " + a.size() + " values");
          decoded++;
        } catch (BadRecordException e) {
          assertTrue(e.reason() != null && !e.reason().isBlank(), "case " + i + ": no reason");
        } catch (Throwable t) {
          fail("case " + i + " threw " + t + " for " + Arrays.toString(bytes), t);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < MAX_ALLOCATED_BYTES,
            "case " + i + " allocated " + allocated + " bytes");
      }
      assertTrue(decoded > 0, "no mutation decoded at all: the fuzz only tests the refusals");
    });
  }

  /** One to three random edits: flip bytes, set special values, truncate, insert, duplicate. */
  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, '(', ',', ')', '\''}[r.nextInt(8)];
        case 3 -> b = Arrays.copyOf(b, at);
        case 4 -> {
          byte[] ins = new byte[1 + r.nextInt(8)];
          r.nextBytes(ins);
          byte[] c = new byte[b.length + ins.length];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(ins, 0, c, at, ins.length);
          System.arraycopy(b, at, c, at + ins.length, b.length - at);
          b = c;
        }
        default -> {
          int len = Math.min(1 + r.nextInt(16), b.length - at);
          int to = r.nextInt(b.length - len + 1);
          System.arraycopy(b.clone(), at, b, to, len);
        }
      }
    }
    return b;
  }

  private static float[] randomFloats(int n) {
    Random r = new Random(4);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) r.nextGaussian();
    }
    return f;
  }
}
