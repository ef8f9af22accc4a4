package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void npyRoundTrip() {
    byte[] f = Npy.encodeFloat32(new int[] {2, 3}, new float[] {1, 2, 3, 4.5f, -1, Float.NaN});
    NdArray a = Npy.decode(f, 100, null);
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4.5, -1, Double.NaN}, a.data());
    assertFalse(a.integral());
    assertEquals(0, Npy.readHeader(f).dataOffset() % 64);
  }

  @Test
  void pngRoundTrip() {
    NdArray a = PngMask.decode(PngMask.encodeGray16(2, 2, new short[] {0, 1, -1, 255}), 100, null);
    assertArrayEquals(new double[] {0, 1, 65535, 255}, a.data());
    NdArray p = PngMask.decode(PngMask.encodePalette(1, 3, new byte[] {0, 2, 1},
        new int[] {0xFF0000, 0x00FF00, 0x0000FF}), 100, null);
    assertArrayEquals(new double[] {0, 2, 1}, p.data());
  }
}
