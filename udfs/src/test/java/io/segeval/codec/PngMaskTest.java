package io.segeval.codec;

import static io.segeval.codec.PngBuilder.scanlines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PngMaskTest {

  private static final long MAX = 50_000_000L;

  static String refusal(byte[] bytes) {
    return assertThrows(BadRecordException.class, () -> PngMask.decode(bytes, MAX, null))
        .reason();
  }

  private static double[] toDoubles(int[] v) {
    return Arrays.stream(v).asDoubleStream().toArray();
  }

  /** A grey (or palette) PNG built by hand, optional extra chunks before IDAT. */
  private static byte[] handMade(int h, int w, int bitDepth, int colorType, int[] samples,
      int[] palette, byte[]... extraChunks) {
    PngBuilder b = new PngBuilder().ihdr(w, h, bitDepth, colorType);
    if (palette != null) {
      b.plte(palette);
    }
    for (int i = 0; i < extraChunks.length; i += 2) {
      b.chunk(new String(extraChunks[i]), extraChunks[i + 1]);
    }
    return b.idat(scanlines(h, w, bitDepth, samples)).iend().bytes();
  }

  @Test
  void gray8RoundTrips() {
    byte[] values = {0, 1, (byte) 255, 7, (byte) 128, 3};
    NdArray a = PngMask.decode(PngMask.encodeGray8(2, 3, values), MAX, null);
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new double[] {0, 1, 255, 7, 128, 3}, a.data());
    assertTrue(a.integral());
  }

  @Test
  void gray16KeepsTheFullRangeWithoutGammaOrColourConversion() {
    short[] values = {0, 1, (short) 65535, 1000, (short) 40000, 255};
    assertArrayEquals(new double[] {0, 1, 65535, 1000, 40000, 255},
        PngMask.decode(PngMask.encodeGray16(3, 2, values), MAX, null).data());
    // The same by hand with a gAMA (1/2.2) and an sRGB chunk: still the raw samples.
    int[] samples = {0, 1, 65535, 1000, 40000, 32768};
    byte[] png = handMade(2, 3, 16, 0, samples, null,
        "gAMA".getBytes(), ByteBuffer.allocate(4).putInt(45455).array(),
        "sRGB".getBytes(), new byte[] {0});
    assertArrayEquals(toDoubles(samples), PngMask.decode(png, MAX, null).data());
    // With a tRNS chunk the JDK adds an alpha band; band 0 still holds the raw sample.
    byte[] transparent = handMade(2, 3, 16, 0, samples, null,
        "tRNS".getBytes(), new byte[] {(byte) 0x9C, 0x40}); // grey 40000 is transparent
    assertArrayEquals(toDoubles(samples), PngMask.decode(transparent, MAX, null).data());
  }

  @Test
  void gray8WithGammaAndTransparencyKeepsTheRawSample() {
    int[] samples = {0, 1, 254, 255, 100, 3};
    byte[] png = handMade(2, 3, 8, 0, samples, null,
        "gAMA".getBytes(), ByteBuffer.allocate(4).putInt(100000).array(),
        "tRNS".getBytes(), new byte[] {0, 0}); // grey 0 is transparent
    assertArrayEquals(toDoubles(samples), PngMask.decode(png, MAX, null).data());
  }

  @Test
  void lowBitDepthGrayGivesTheRawSamples() {
    Random r = new Random(1);
    for (int depth : new int[] {1, 2, 4}) {
      int h = 3;
      int w = 11; // not a multiple of 8: rows end mid-byte
      int[] samples = r.ints(h * w, 0, 1 << depth).toArray();
      NdArray a = PngMask.decode(handMade(h, w, depth, 0, samples, null), MAX, null);
      assertArrayEquals(new int[] {h, w}, a.shape(), "depth " + depth);
      assertArrayEquals(toDoubles(samples), a.data(), "depth " + depth);
    }
  }

  @Test
  void paletteGivesTheIndexNeverTheColour() {
    // Colours chosen so that no channel equals its index.
    int[] palette = {0xFF8040, 0x10EE20, 0x3030C0, 0xABCDEF};
    byte[] indices = {3, 0, 1, 2, 2, 1};
    NdArray a = PngMask.decode(PngMask.encodePalette(2, 3, indices, palette), MAX, null);
    assertEquals(PngMask.PALETTE, PngMask.readInfo(PngMask.encodePalette(2, 3, indices, palette))
        .colorType());
    assertArrayEquals(new double[] {3, 0, 1, 2, 2, 1}, a.data());
    assertTrue(a.integral());
  }

  @Test
  void lowBitDepthPaletteWithTransparencyGivesTheIndex() {
    Random r = new Random(2);
    for (int depth : new int[] {1, 2, 4, 8}) {
      int[] palette = new int[1 << Math.min(depth, 4)];
      for (int i = 0; i < palette.length; i++) {
        palette[i] = 0x808080 + 0x0F1F2F * i;
      }
      int[] samples = r.ints(5 * 9, 0, palette.length).toArray();
      byte[] png = handMade(5, 9, depth, 3, samples, palette,
          "tRNS".getBytes(), new byte[] {0, (byte) 128});
      assertArrayEquals(toDoubles(samples), PngMask.decode(png, MAX, null).data(),
          "depth " + depth);
    }
  }

  @Test
  void colourImagesAreRefusedWithAdvice() {
    String advice = " mask: SegEval reads grayscale or palette (indexed) PNG masks; save the mask"
        + " as 8-bit grayscale or palette";
    byte[] rgb = new PngBuilder().ihdr(2, 2, 8, 2).idat(new byte[14]).iend().bytes();
    byte[] rgba = new PngBuilder().ihdr(2, 2, 8, 6).idat(new byte[18]).iend().bytes();
    byte[] ga = new PngBuilder().ihdr(2, 2, 8, 4).idat(new byte[10]).iend().bytes();
    assertEquals("RGB" + advice, refusal(rgb));
    assertEquals("RGBA" + advice, refusal(rgba));
    assertEquals("grey+alpha" + advice, refusal(ga));
  }

  @Test
  void invalidBitDepthIsRefused() {
    byte[] png = new PngBuilder().ihdr(2, 2, 16, 3).idat(new byte[10]).iend().bytes();
    assertEquals("corrupt PNG: colour type 3 with bit depth 16 is not valid", refusal(png));
  }

  @Test
  void hugeImageIsRefusedFromItsHeaderCheaply() {
    // A valid 100000x100000 8-bit grey header with a tiny IDAT: a few dozen bytes claiming
    // 10^10 pixels. It must be refused from the IHDR alone, without inflating anything.
    byte[] png = new PngBuilder().ihdr(100_000, 100_000, 8, 0).idat(new byte[101]).iend()
        .bytes();
    assertTrue(png.length < 100, "file is " + png.length + " bytes");
    PngMask.PngInfo info = PngMask.readInfo(png);
    assertEquals(new PngMask.PngInfo(100_000, 100_000, 8, 0), info);
    long t0 = System.nanoTime();
    assertEquals(
        "header claims 100000x100000 = 10000000000 values, more than --max-pixels 50000000"
            + " (it limits values: H×W for a mask, C×H×W for a score array)",
        refusal(png));
    assertTrue(System.nanoTime() - t0 < 50_000_000L, "refusal took more than 50 ms");
  }

  @Test
  void aLimitAboveAJavaArrayNamesTheArrayNotAnOptionValueNeverGiven() {
    byte[] png = new PngBuilder().ihdr(50_000, 50_000, 8, 0).idat(new byte[101]).iend().bytes();
    BadRecordException e = assertThrows(BadRecordException.class, () -> PngMask.checkHeader(png, 4_000_000_000L));
    assertEquals("header claims 50000x50000 = 2500000000 values, more than the 2147483639 one Java array holds,"
        + " the most SegEval decodes from a file whatever --max-pixels says: split the image into tiles", e.reason());
  }

  @Test
  void notAPng() {
    assertEquals("not a PNG file (no PNG signature at the start)", refusal("GIF89a...".getBytes()));
    assertEquals("not a PNG file (no PNG signature at the start)", refusal(new byte[0]));
    byte[] random = new byte[500];
    new Random(3).nextBytes(random);
    assertEquals("not a PNG file (no PNG signature at the start)", refusal(random));
  }

  @Test
  void truncatedFilesAreRefusedWithAReason() {
    byte[] png = PngMask.encodeGray8(16, 16, new byte[256]);
    for (int cut = 0; cut < png.length; cut++) {
      byte[] part = Arrays.copyOf(png, cut);
      String why = refusal(part);
      assertTrue(why.startsWith("truncated") || why.startsWith("not a PNG"), cut + ": " + why);
    }
  }

  @Test
  void corruptDataIsRefusedWithAReason() {
    byte[] png = PngMask.encodeGray8(4, 4, new byte[16]);
    byte[] bad = png.clone();
    bad[bad.length - 20] ^= 0x55; // inside IDAT
    assertTrue(refusal(bad).startsWith("corrupt PNG: CRC mismatch in chunk IDAT"), refusal(bad));
    // With the CRC fixed the damage reaches the inflater, whose error is wrapped.
    PngBuilder.fixCrcs(bad);
    BadRecordException e =
        assertThrows(BadRecordException.class, () -> PngMask.decode(bad, MAX, null));
    assertTrue(e.reason().startsWith("corrupt or truncated PNG ("), e.reason());
    // No IDAT at all.
    byte[] noData = new PngBuilder().ihdr(2, 2, 8, 0).iend().bytes();
    assertEquals("corrupt PNG: no IDAT (image data) chunk", refusal(noData));
    // IDAT that inflates to too few rows.
    byte[] shortData = new PngBuilder().ihdr(4, 4, 8, 0).idat(new byte[5]).iend().bytes();
    assertEquals("corrupt or truncated PNG (Error reading PNG image data: the image data ends before the last row)",
        refusal(shortData));
  }

  /** The JDK's decoder skips any chunk it does not know; PNG says a decoder must stop at an unknown critical one. */
  @Test
  void anUnknownCriticalChunkIsRefusedAnAncillaryOneSkipped() {
    byte[] scanlines = PngBuilder.scanlines(2, 2, 8, new int[] {0, 1, 1, 0});
    byte[] critical = new PngBuilder().ihdr(2, 2, 8, 0).chunk("ZZZZ", new byte[3]).idat(scanlines).iend().bytes();
    assertEquals("corrupt PNG: unknown critical chunk ZZZZ at byte 33, which a decoder must not skip", refusal(critical));
    byte[] ancillary = new PngBuilder().ihdr(2, 2, 8, 0).chunk("zzZZ", new byte[3]).idat(scanlines).iend().bytes();
    assertArrayEquals(new double[] {0, 1, 1, 0}, PngMask.decode(ancillary, MAX, null).data());
  }

  @Test
  void reusesTheBufferWhenLargeEnough() {
    byte[] png = PngMask.encodeGray8(2, 2, new byte[] {1, 2, 3, 4});
    double[] big = new double[8];
    NdArray a = PngMask.decode(png, MAX, big);
    assertSame(big, a.data());
    assertArrayEquals(new double[] {1, 2, 3, 4, 0}, Arrays.copyOf(a.data(), 5));
  }
}
