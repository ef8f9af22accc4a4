package io.segeval.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the codec for an input file by its extension ({@code .npy} or {@code .png},
 * case-insensitive), or for bytes without a name (a table cell) by their magic bytes. See
 * {@link Npy} and {@link PngMask} for what each accepts and refuses.
 */
public final class MaskCodecs {

  private MaskCodecs() {}

  /** The input file types SegEval reads. */
  public enum FileType {
    NPY,
    PNG;

    /** "npy" or "png", for messages. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The type of a lower-case extension with its dot (".png"), or null when SegEval reads no such files. */
    static FileType ofExtension(String extension) {
      for (FileType t : values()) {
        if (extension.equals("." + t.key())) {
          return t;
        }
      }
      return null;
    }
  }

  /** The file type from the name's extension, or a BadRecordException for any other. */
  public static FileType typeOf(String fileName) {
    FileType type = FileType.ofExtension(extension(fileName));
    if (type == null) {
      throw new BadRecordException(unsupportedReason(fileName));
    }
    return type;
  }

  /**
   * The file type from the magic bytes at the start (NPY's {@code \x93NUMPY}, PNG's signature),
   * for bytes without a file name such as a table cell; a BadRecordException for any other.
   */
  public static FileType typeOfBytes(byte[] bytes) {
    if (NpyHeader.startsWithMagic(bytes)) {
      return FileType.NPY;
    }
    if (PngMask.startsWithSignature(bytes)) {
      return FileType.PNG;
    }
    throw new BadRecordException(Reason.of("the cell holds neither NPY nor PNG bytes ({} bytes)", bytes.length));
  }

  /** Why a file of this name is not read ("unsupported file type '.md' ..."), or null when it is. */
  public static Reason unsupportedReason(String fileName) {
    String ext = extension(fileName);
    if (FileType.ofExtension(ext) != null) {
      return null;
    }
    return ext.isEmpty()
        ? Reason.constant("unsupported file type (no extension) (SegEval reads .npy and .png)")
        : Reason.of("unsupported file type '{}' (SegEval reads .npy and .png)", ext);
  }

  /** Whether {@code bytes} begin with {@code prefix} (a magic number or signature). */
  static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static String extension(String fileName) {
    String name = fileName.substring(fileName.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
  }

  /** The default limit of values per file or cell (--max-pixels): 50 million, 400 MB as doubles. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** What {@code --max-pixels} limits, for its refusals: the values of an array, not its pixels. */
  public static final String MAX_PIXELS_LIMITS = "(it limits values: H×W for a mask, C×H×W for a score array)";

  /** The most values SegEval decodes from one file, whatever --max-pixels says: the largest Java array. */
  public static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * The refusal of a header claiming {@code count} values (-1: more than 2^63) in a shape
   * ({@code shapeTemplate} with its {@code shapeValues}, e.g. "{}x{}" and H, W: each a value of the
   * reason, masked alone in {@code by_reason}): more than {@code maxPixels}, or, when that is above
   * {@link #LARGEST_ARRAY}, more than one Java array holds (named as such: "--max-pixels 2147483639"
   * would read as a value the user never gave). The exception says how many values a larger
   * --max-pixels would read, if any ({@link TooManyValuesException#values}).
   */
  static TooManyValuesException tooManyValues(String shapeTemplate, List<Object> shapeValues, long count,
      long maxPixels, String limits) {
    List<Object> values = new ArrayList<>(shapeValues);
    values.add(count < 0 ? "more than 2^63" : Long.toString(count));
    String claim = "header claims " + shapeTemplate + " = {} values, more than ";
    if (maxPixels <= LARGEST_ARRAY) {
      values.add(maxPixels);
      return new TooManyValuesException(Reason.of(claim + "--max-pixels {} " + limits, values.toArray()),
          count <= LARGEST_ARRAY ? count : -1);
    }
    values.add(LARGEST_ARRAY);
    return new TooManyValuesException(Reason.of(claim + "the {} one Java array holds, the most SegEval decodes"
        + " from a file whatever --max-pixels says: split the image into tiles", values.toArray()), -1);
  }

  /**
   * {@link #MAX_PIXELS_LIMITS} for an NPY of 3 or more dimensions, which may be a 3-D volume: what
   * it counts then, and that a larger volume (a CT of 600×512×512) needs the limit raised, and the
   * heap with it (a 300×512×512 float32 CT with the per-image Lovász peaked at 4.6 GB resident).
   */
  public static final String MAX_PIXELS_LIMITS_3D = "(it limits values: H×W for a mask, C×H×W for a score array,"
      + " D·H·W or C·D·H·W for a volume; raise it for larger volumes, and the heap with it: about 50 bytes per voxel"
      + " of a binary volume for each running task, docs/cluster.md#sizing)";

  /**
   * Decodes a file into C order: (H, W) for a PNG; the stored shape for an NPY.
   *
   * @param maxPixels refuse files holding more values than this, from the header alone
   * @param reuse a buffer to fill when it is large enough; otherwise a new one is allocated
   */
  public static NdArray decode(String fileName, byte[] bytes, long maxPixels, double[] reuse) {
    return decode(typeOf(fileName), bytes, maxPixels, reuse);
  }

  /** As {@link #decode(String, byte[], long, double[])} with the file type given. */
  public static NdArray decode(FileType type, byte[] bytes, long maxPixels, double[] reuse) {
    return switch (type) {
      case NPY -> Npy.decode(bytes, maxPixels, reuse);
      case PNG -> PngMask.decode(bytes, maxPixels, reuse);
    };
  }

  /**
   * The shape a file would decode to, read and validated from its header only (type, dtype,
   * value count against {@code maxPixels}, and for NPY the file length), without decoding.
   */
  public static int[] shapeFromHeader(String fileName, byte[] bytes, long maxPixels) {
    switch (typeOf(fileName)) {
      case NPY -> {
        long[] dims = Npy.checkHeader(bytes, maxPixels).shape();
        int[] shape = new int[dims.length];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = (int) dims[i]; // checkHeader guarantees each fits
        }
        return shape;
      }
      case PNG -> {
        PngMask.PngInfo info = PngMask.checkHeader(bytes, maxPixels);
        return new int[] {info.height(), info.width()};
      }
      default -> throw new AssertionError();
    }
  }
}
