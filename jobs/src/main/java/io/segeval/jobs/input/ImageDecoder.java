package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.BadRecordException.Side;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;
import io.segeval.codec.ReusedBuffer;
import io.segeval.codec.TooManyValuesException;
import io.segeval.core.InputKind;
import io.segeval.core.NullValues;
import io.segeval.core.PixelGrid;

/**
 * Decodes the prediction and target of an {@link ImagePair} wherever they live: a file (through
 * {@link ImageFiles}), NPY or PNG bytes in a table cell (told apart by their magic bytes), or a
 * flattened numeric array with the row's height and width (a null element refused with its
 * position, {@link NullValues}). A failure is an
 * {@link ImageRecordException} naming the image, the file or cell, and the reason.
 *
 * <p>The shape of an array cell: {@code (height, width)} when it holds height·width values, else
 * {@code (k, height, width)} with k = values / (height·width) (the channels of a multiclass score
 * map); a {@code channels} column, when present, must agree.
 *
 * <p>An image with no pixels (an NPY of shape (0, 5) or (C, 0, W), a row of height or width 0) is
 * a bad record of every route: almost always a broken export, which as an image of 0 pixels would
 * score 1 in per-image Dice and IoU and count in the per-image means. One per partition.
 */
public final class ImageDecoder {
  private final ImageSource source;
  private final ImageFiles files;

  ImageDecoder(ImageSource source) {
    this.source = source;
    this.files = new ImageFiles(source.hadoopConf(), source.maxPixels());
  }

  /** The prediction; its data may be {@code reuse}. */
  public NdArray pred(ImagePair p, double[] reuse) {
    if (!p.fromTable()) {
      return withPixels(p, Side.PREDICTION, p.getPredPath(),
          file(p, p.getPredPath(), p.getPredLength(), reuse, PairValueLimit.SAME_AS_TARGET));
    }
    if (p.getPredBytes() != null && source.inferredPredCodec() != null) {
      MaskCodecs.FileType codec;
      try {
        codec = MaskCodecs.typeOfBytes(p.getPredBytes());
      } catch (BadRecordException e) { // neither NPY nor PNG: this row's bad record, skipped with skip
        throw new ImageRecordException(p.getImageId(), p.getPredPath(), e.why());
      }
      if (source.inferredPredCodec() != codec) {
        throw new ImageRecordException(p.getImageId(), p.getPredPath(), Reason.of("the prediction is {} bytes but the"
            + " first row's is {}, from which the input kind was inferred; say what the predictions hold with --input",
            codec.key(), source.inferredPredCodec().key()));
      }
    }
    Cell c = new Cell(Side.PREDICTION, p.getPredPath(), p.getPredBytes(),
        ArrayValues.of(p.getPredValues(), p.getPredFloats(), p.getPredInts(), reuse), p.getChannels(), p.getPredNullAt());
    return withPixels(p, c.side(), c.where(), cell(p, c, reuse, PairValueLimit.SAME_AS_TARGET));
  }

  /** What a target that looks like a prediction (logits, score maps) is asked, binary and multiclass alike. */
  public static final String SWAPPED_QUESTION = "are the prediction and the target the wrong way round"
      + " (--pred/--target, --pred-col/--target-col)?";

  /**
   * Integer predictions (an integer or bool NPY, a PNG) hold labels: read as logits they would be
   * sigmoid(0) = 0.5 and sigmoid(1) = 0.73, every pixel a positive, without a word. They are
   * refused unless the predictions are declared labels.
   */
  public static void requireScoresUnlessLabels(ImagePair p, NdArray pred, InputKind input) {
    if (input != InputKind.LABELS && pred.integral()) {
      // the input kind is the run's, the same for every record: it stays in the class
      throw new ImageRecordException(p.getImageId(), p.getPredPath(), Reason.constant("the prediction holds integers"
          + " (labels), not " + input.key() + "; pass --input labels for label predictions (scores kept as 8-bit"
          + " images, p·255: save p = image / 255 as a float NPY)"));
    }
  }

  /**
   * The target, its values mapped by the source's {@link TargetLabels} when it is one (H, W) map
   * (a volume's once the reader has accepted its shape, {@link #applyTargetLabels}); its data may
   * be {@code reuse}.
   */
  public NdArray target(ImagePair p, double[] reuse) {
    return target(p, reuse, 1);
  }

  /**
   * {@link #target(ImagePair, double[])} of a pair whose prediction holds {@code scoresPerPixel}
   * values per target value (the C scores of a multiclass pair): a target refused for its value
   * count names the --max-pixels the whole pair needs ({@link PairValueLimit}).
   */
  public NdArray target(ImagePair p, double[] reuse, int scoresPerPixel) {
    PairValueLimit limit = new PairValueLimit(scoresPerPixel, p.fromTable() ? -1 : p.getPredLength());
    NdArray t = withPixels(p, Side.TARGET, p.getTargetPath(), !p.fromTable()
        ? file(p, p.getTargetPath(), p.getTargetLength(), reuse, limit)
        : cell(p, new Cell(Side.TARGET, p.getTargetPath(), p.getTargetBytes(),
            ArrayValues.of(p.getTargetValues(), p.getTargetFloats(), p.getTargetInts(), reuse), null,
            p.getTargetNullAt()), reuse, limit));
    int[] hw = t.mapShape();
    if (hw == null) { // refused by the reader, by its shape, or a volume it maps once it has accepted its shape
      return t;
    }
    if (source.targetLabels().reduceZero() && t.data() == p.getTargetValues()) {
      // an array cell is the row's own array: map a copy, so that no read of the row maps it twice
      double[] copy = ReusedBuffer.atLeast(reuse, t.size());
      System.arraycopy(t.data(), 0, copy, 0, t.size());
      t = new NdArray(t.shape(), copy, t.integral());
    }
    return applyTargetLabels(p, t, PixelGrid.image(hw[1]));
  }

  /**
   * The (D, H, W) of a volume target ({@link NdArray#volumeShape}) from a file or NPY bytes; null
   * for any other. An array cell is an image of its height and width columns, never a volume.
   */
  public static int[] volumeShape(ImagePair p, NdArray target) {
    return p.getTargetValues() == null ? target.volumeShape() : null;
  }

  /**
   * {@code t}, decoded from a file or bytes or a copy of its cell, with its values mapped in place
   * by the source's {@link TargetLabels}; {@code grid} places a refused value.
   */
  public NdArray applyTargetLabels(ImagePair p, NdArray t, PixelGrid grid) {
    try {
      source.targetLabels().apply(t.data(), t.size(), grid);
    } catch (BadRecordException e) {
      throw new ImageRecordException(p.getImageId(), p.getTargetPath(), e.why());
    }
    return t;
  }

  /**
   * {@code a}, decoded from {@code where}, without its batch axes ({@link NdArray#withoutBatchAxes}:
   * a (1, D, H, W) volume is (D, H, W)), unless it has no pixels: then the bad record of
   * {@code where}, with its shape ({@code prediction has no pixels (shape (0, 5))}). Pack checks
   * its files with it too, so that no table holds an image that evaluate refuses.
   */
  public static NdArray withPixels(ImagePair p, Side side, String where, NdArray a) {
    if (a.size() == 0) {
      throw new ImageRecordException(p.getImageId(), where, noPixels(side, Reason.of("shape {}", tuple(a.shape()))));
    }
    return a.withoutBatchAxes();
  }

  /** "prediction has no pixels (shape (0, 5))", or the target's; {@code what}: the shape or the row's height and width. */
  private static Reason noPixels(Side side, Reason what) {
    return Reason.of("{} has no pixels ({})", Reason.constant(side == Side.TARGET ? "target" : "prediction"), what);
  }

  /** A shape as numpy prints it: (0, 5). */
  private static String tuple(int[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      b.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return b.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private NdArray file(ImagePair p, String path, long length, double[] reuse, PairValueLimit limit) {
    return ImageFiles.ofImage(p.getImageId(), path, () -> limit.decoding(() -> files.decode(path, length, reuse)));
  }

  /**
   * One side of a table row: which, where (the cell, for messages), its bytes or values, and for
   * values the row's channels and the index of the first null element (null: none).
   */
  private record Cell(Side side, String where, byte[] bytes, ArrayValues values, Integer channels, Integer nullAt) {}

  private NdArray cell(ImagePair p, Cell c, double[] reuse, PairValueLimit limit) {
    try {
      if (c.bytes() != null) {
        return limit.decoding(() -> MaskCodecs.decode(MaskCodecs.typeOfBytes(c.bytes()), c.bytes(), source.maxPixels(),
            reuse));
      }
      if (c.values() != null) {
        NdArray a = limit.decoding(() -> array(p, c.side(), c.values(), c.channels()));
        if (c.nullAt() != null) {
          throw NullValues.at(c.side(), c.nullAt(), a.shape());
        }
        return a;
      }
      throw new BadRecordException("the cell is null");
    } catch (BadRecordException e) {
      throw new ImageRecordException(p.getImageId(), c.where(), e.why());
    }
  }

  private NdArray array(ImagePair p, Side side, ArrayValues cell, Integer channels) {
    int length = cell.length();
    Integer h = p.getHeight();
    Integer w = p.getWidth();
    if (h == null || w == null || h < 0 || w < 0) {
      throw new BadRecordException(
          Reason.of("height and width must be set and >= 0 for an array cell, got height {}, width {}", h, w));
    }
    if (h == 0 || w == 0) {
      throw new BadRecordException(noPixels(side, Reason.of("height {}, width {}", h, w)));
    }
    if (length > source.maxPixels()) {
      throw new TooManyValuesException(Reason.of("the array holds {} values, more than --max-pixels {} "
          + MaskCodecs.MAX_PIXELS_LIMITS, length, source.maxPixels()), length);
    }
    long hw = (long) h * w;
    if (hw == length) {
      if (channels != null && channels != 1) {
        throw new BadRecordException(
            Reason.of("channels is {} but the array holds height × width = {} values", channels, hw));
      }
      return new NdArray(new int[] {h, w}, cell.data(), false);
    }
    if (length % hw != 0) {
      throw new BadRecordException(
          Reason.of("the array holds {} values, not a multiple of height × width = {} × {}", length, h, w));
    }
    int k = (int) (length / hw);
    if (channels != null && channels != k) {
      throw new BadRecordException(
          Reason.of("channels is {} but the array holds {} × height × width values", channels, k));
    }
    return new NdArray(new int[] {k, h, w}, cell.data(), false);
  }
}
