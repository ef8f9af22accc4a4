package io.segeval.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builds PNG files chunk by chunk, for cases the JDK writer cannot make (tests only; the jobs' tests too). */
public final class PngBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public PngBuilder() {
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
  }

  public PngBuilder ihdr(int width, int height, int bitDepth, int colorType) {
    ByteBuffer b = ByteBuffer.allocate(13);
    b.putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType);
    b.put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filter, no interlace
    return chunk("IHDR", b.array());
  }

  /** PLTE from 0xRRGGBB entries. */
  PngBuilder plte(int... rgb) {
    byte[] p = new byte[rgb.length * 3];
    for (int i = 0; i < rgb.length; i++) {
      p[3 * i] = (byte) (rgb[i] >> 16);
      p[3 * i + 1] = (byte) (rgb[i] >> 8);
      p[3 * i + 2] = (byte) rgb[i];
    }
    return chunk("PLTE", p);
  }

  /** IDAT holding the deflated scanlines (each already starting with its filter byte). */
  PngBuilder idat(byte[] scanlines) {
    Deflater d = new Deflater();
    d.setInput(scanlines);
    d.finish();
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      z.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return chunk("IDAT", z.toByteArray());
  }

  public PngBuilder iend() {
    return chunk("IEND", new byte[0]);
  }

  public PngBuilder chunk(String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return this;
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  /**
   * Packs samples of {@code bitDepth} bits (1, 2, 4, 8 or 16) into filter-0 scanlines, most
   * significant bits first, as PNG stores them.
   */
  static byte[] scanlines(int h, int w, int bitDepth, int[] samples) {
    int rowBytes = (w * bitDepth + 7) / 8;
    byte[] raw = new byte[h * (1 + rowBytes)];
    for (int y = 0; y < h; y++) {
      int base = y * (1 + rowBytes) + 1; // raw[base - 1] = 0: filter type None
      for (int x = 0; x < w; x++) {
        int v = samples[y * w + x];
        if (bitDepth == 16) {
          raw[base + 2 * x] = (byte) (v >> 8);
          raw[base + 2 * x + 1] = (byte) v;
        } else {
          int bit = x * bitDepth;
          int shift = 8 - bitDepth - bit % 8;
          raw[base + bit / 8] |= (byte) (v << shift);
        }
      }
    }
    return raw;
  }

  /** Recomputes every chunk CRC (so mutated data reaches the decoder); stops where it can't. */
  static void fixCrcs(byte[] png) {
    int pos = 8;
    CRC32 crc = new CRC32();
    while (pos + 12 <= png.length) {
      long len = ByteBuffer.wrap(png, pos, 4).getInt() & 0xFFFFFFFFL;
      if (len > png.length - pos - 12L) {
        return;
      }
      crc.reset();
      crc.update(png, pos + 4, 4 + (int) len);
      ByteBuffer.wrap(png, pos + 8 + (int) len, 4).putInt((int) crc.getValue());
      pos += 12 + (int) len;
    }
  }
}
