package io.segeval.codec;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads mask PNGs (targets, or label predictions) with the JDK's {@code javax.imageio} into a
 * {@code double[]} of shape (H, W), and writes them for tests and demos.
 *
 * <p>Accepted: grayscale 1/2/4/8/16-bit (the value is the raw sample, 0..65535 for 16-bit; no
 * gamma or colour conversion) and palette 1/2/4/8-bit (the value is the palette index, never
 * its colour). Refused with a {@link BadRecordException}, from the header and before any
 * decoding: files that are not PNGs, RGB, RGBA and grey+alpha images, and images with more
 * than {@code maxPixels} pixels (H×W values). Corrupt or truncated files (chunk CRCs are checked) are refused
 * with a reason, never with a raw decoder stack trace. The values are integers, never NaN.
 */
public final class PngMask {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  static final int GRAY = 0;
  static final int RGB = 2;
  static final int PALETTE = 3;
  static final int GRAY_ALPHA = 4;
  static final int RGBA = 6;

  private PngMask() {}

  /** The IHDR fields SegEval checks. */
  public record PngInfo(int width, int height, int bitDepth, int colorType) {

    public long pixels() {
      return (long) width * height;
    }
  }

  // ---------------------------------------------------------------- reading

  /** Reads the signature and IHDR chunk only. */
  public static PngInfo readInfo(byte[] bytes) {
    if (!startsWithSignature(bytes)) {
      throw new BadRecordException("not a PNG file (no PNG signature at the start)");
    }
    // signature(8) | length(4) "IHDR"(4) width(4) height(4) depth(1) colour(1) ... | crc(4)
    if (bytes.length < 33) {
      throw new BadRecordException("truncated: PNG file ends inside its IHDR header");
    }
    if (readInt(bytes, 8) != 13 || bytes[12] != 'I' || bytes[13] != 'H' || bytes[14] != 'D'
        || bytes[15] != 'R') {
      throw new BadRecordException("corrupt PNG: the first chunk is not a 13-byte IHDR");
    }
    int width = readInt(bytes, 16);
    int height = readInt(bytes, 20);
    if (width <= 0 || height <= 0) {
      throw new BadRecordException(Reason.of("corrupt PNG: IHDR gives width {} and height {}",
          Integer.toUnsignedString(width), Integer.toUnsignedString(height)));
    }
    return new PngInfo(width, height, bytes[24] & 0xFF, bytes[25] & 0xFF);
  }

  /**
   * Checks the header (signature, colour type, bit depth, pixel count) without decoding.
   *
   * @return the header
   */
  public static PngInfo checkHeader(byte[] bytes, long maxPixels) {
    PngInfo info = readInfo(bytes);
    int ct = info.colorType();
    if (ct == RGB || ct == RGBA || ct == GRAY_ALPHA) {
      String kind = ct == RGB ? "RGB" : ct == RGBA ? "RGBA" : "grey+alpha";
      // one class per colour type: the type is the reason, not a value of the record
      throw new BadRecordException(kind + " mask: SegEval reads grayscale or palette (indexed) PNG masks;"
          + " save the mask as 8-bit grayscale or palette");
    }
    int bd = info.bitDepth();
    boolean depthOk =
        ct == GRAY ? bd == 1 || bd == 2 || bd == 4 || bd == 8 || bd == 16
            : ct == PALETTE && (bd == 1 || bd == 2 || bd == 4 || bd == 8);
    if (!depthOk) {
      throw new BadRecordException(Reason.of("corrupt PNG: colour type {} with bit depth {} is not valid", ct, bd));
    }
    if (info.pixels() > Math.min(maxPixels, MaskCodecs.LARGEST_ARRAY)) {
      throw MaskCodecs.tooManyValues("{}x{}", List.of(info.height(), info.width()), info.pixels(),
          maxPixels, MaskCodecs.MAX_PIXELS_LIMITS);
    }
    return info;
  }

  /**
   * Decodes a mask PNG into shape (H, W), C order, integral.
   *
   * @param maxPixels refuse images with more pixels than this (from the header alone)
   * @param reuse a buffer to fill when it is large enough; otherwise a new one is allocated
   */
  public static NdArray decode(byte[] bytes, long maxPixels, double[] reuse) {
    PngInfo info = checkHeader(bytes, maxPixels);
    checkChunks(bytes);
    Raster raster = decodeRaster(bytes);
    int w = info.width();
    int h = info.height();
    if (raster.getWidth() != w || raster.getHeight() != h) {
      throw new BadRecordException("corrupt PNG: decoded size differs from its header");
    }
    int n = w * h;
    double[] out = ReusedBuffer.atLeast(reuse, n);
    // Band 0 holds the grey sample or the palette index (a grey image with a tRNS chunk may be
    // decoded with an extra alpha band, which is ignored).
    if (!copyBand0(raster, w, h, out)) {
      raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, 0, out);
    }
    return new NdArray(new int[] {h, w}, out, true);
  }

  /**
   * Fast path for the usual 8-bit and 16-bit layouts (one sample per array element): reads band
   * 0 straight from the data array. Returns false for packed 1/2/4-bit rasters.
   */
  private static boolean copyBand0(Raster raster, int w, int h, double[] out) {
    if (!(raster.getSampleModel() instanceof ComponentSampleModel sm)
        || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
      return false;
    }
    int pixelStride = sm.getPixelStride();
    int scanlineStride = sm.getScanlineStride();
    DataBuffer db = raster.getDataBuffer();
    int base = db.getOffsets()[sm.getBankIndices()[0]] + sm.getBandOffsets()[0];
    if (db instanceof DataBufferByte bytes) {
      byte[] data = bytes.getData(sm.getBankIndices()[0]);
      for (int y = 0; y < h; y++) {
        int src = base + y * scanlineStride;
        int dst = y * w;
        for (int x = 0; x < w; x++, src += pixelStride) {
          out[dst + x] = data[src] & 0xFF;
        }
      }
      return true;
    }
    if (db instanceof DataBufferUShort shorts) {
      short[] data = shorts.getData(sm.getBankIndices()[0]);
      for (int y = 0; y < h; y++) {
        int src = base + y * scanlineStride;
        int dst = y * w;
        for (int x = 0; x < w; x++, src += pixelStride) {
          out[dst + x] = data[src] & 0xFFFF;
        }
      }
      return true;
    }
    return false;
  }

  private static Raster decodeRaster(byte[] bytes) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
    if (!readers.hasNext()) {
      throw new IllegalStateException("no PNG reader in this JDK");
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      return reader.read(0).getRaster();
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e.getCause() instanceof EOFException) {
        why += ": the image data ends before the last row"; // the IDAT chunks inflate to too few bytes
      } else if (e.getCause() != null && e.getCause().getMessage() != null) {
        why += ": " + e.getCause().getMessage();
      }
      throw new BadRecordException(Reason.of("corrupt or truncated PNG ({})", why), e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * Walks the chunks after the signature, checking each length against the file and each CRC,
   * up to IEND, so a damaged file gets a precise reason instead of garbage pixels.
   */
  private static void checkChunks(byte[] bytes) {
    int pos = 8;
    boolean sawIdat = false;
    CRC32 crc = new CRC32();
    while (true) {
      if (bytes.length - pos < 12) {
        throw new BadRecordException(
            Reason.of("truncated: PNG file ends at byte {} before its IEND chunk", bytes.length));
      }
      long len = readInt(bytes, pos) & 0xFFFFFFFFL;
      String type = new String(bytes, pos + 4, 4, StandardCharsets.ISO_8859_1);
      if (len > bytes.length - pos - 12L) {
        throw new BadRecordException(Reason.of("truncated: PNG chunk {} claims {} bytes, file has {} left",
            printable(type), len, Math.max(0, bytes.length - pos - 12)));
      }
      crc.reset();
      crc.update(bytes, pos + 4, 4 + (int) len);
      if ((int) crc.getValue() != readInt(bytes, pos + 8 + (int) len)) {
        throw new BadRecordException(
            Reason.of("corrupt PNG: CRC mismatch in chunk {} at byte {}", printable(type), pos));
      }
      if (Character.isUpperCase(type.charAt(0)) && !CRITICAL_CHUNKS.contains(type)) {
        // a critical chunk (upper-case first letter) changes how the image reads: the JDK's decoder
        // skips one it does not know, where the PNG standard says to stop
        throw new BadRecordException(Reason.of("corrupt PNG: unknown critical chunk {} at byte {}, which a decoder must"
            + " not skip", printable(type), pos));
      }
      sawIdat |= type.equals("IDAT");
      if (type.equals("IEND")) {
        break;
      }
      pos += 12 + (int) len;
    }
    if (!sawIdat) {
      throw new BadRecordException("corrupt PNG: no IDAT (image data) chunk");
    }
  }

  /** The critical chunks of PNG 1.2, the only ones a decoder may not skip. */
  private static final Set<String> CRITICAL_CHUNKS = Set.of("IHDR", "PLTE", "IDAT", "IEND");

  private static String printable(String type) {
    boolean letters = type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    return letters ? type : "(unreadable name)";
  }

  /** Whether {@code bytes} start with the 8-byte PNG signature. */
  static boolean startsWithSignature(byte[] bytes) {
    return MaskCodecs.startsWith(bytes, SIGNATURE);
  }

  private static int readInt(byte[] b, int off) {
    return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8
        | (b[off + 3] & 0xFF);
  }

  // ---------------------------------------------------------------- writing (tests, demo, pack)

  /** An 8-bit grayscale PNG; {@code values} in row-major order. */
  public static byte[] encodeGray8(int h, int w, byte[] values) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(values, 0, dst, 0, w * h);
    return write(img);
  }

  /** A 16-bit grayscale PNG; {@code values} are unsigned 0..65535 in row-major order. */
  public static byte[] encodeGray16(int h, int w, short[] values) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    short[] dst = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(values, 0, dst, 0, w * h);
    return write(img);
  }

  /**
   * An 8-bit palette PNG: {@code indices} in row-major order, {@code rgbPalette} as 0xRRGGBB
   * (at most 256 entries).
   */
  public static byte[] encodePalette(int h, int w, byte[] indices, int[] rgbPalette) {
    int size = rgbPalette.length;
    byte[] r = new byte[size];
    byte[] g = new byte[size];
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      r[i] = (byte) (rgbPalette[i] >> 16);
      g[i] = (byte) (rgbPalette[i] >> 8);
      b[i] = (byte) rgbPalette[i];
    }
    IndexColorModel cm = new IndexColorModel(8, size, r, g, b);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(indices, 0, dst, 0, w * h);
    return write(img);
  }

  private static byte[] write(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }
}
