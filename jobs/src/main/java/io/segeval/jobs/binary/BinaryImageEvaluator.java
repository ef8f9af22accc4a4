package io.segeval.jobs.binary;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.core.BadPredictionValueException;
import io.segeval.core.InputKind;
import io.segeval.core.ProbabilityOutOfRangeException;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryImageScores;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.binary.BinaryTargets;
import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.LovaszHinge;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.jobs.input.ImageDecoder;
import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.lovasz.GlobalLovasz;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The binary map stage: for each image pair of a partition, reads it ({@link BinaryImageReader}),
 * runs the fused pass into the image's {@link BinaryCounts} and the per-image Lovász hinge, and
 * emits a {@link BinaryImageRow}. A bad record throws an {@link ImageRecordException} (policy
 * fail) or becomes a rejected row (policy skip); it is never dropped.
 */
public final class BinaryImageEvaluator implements MapPartitionsFunction<ImagePair, BinaryImageRow> {
  private static final long serialVersionUID = 1L;

  private final BinaryParams params;
  private final InputKind input;
  private final boolean perImageLovasz;
  private final boolean skipBadRecords;
  private final ImageSource source;

  public BinaryImageEvaluator(BinaryParams params, InputKind input, boolean perImageLovasz,
      boolean skipBadRecords, ImageSource source) {
    this.params = params;
    this.input = input;
    this.perImageLovasz = perImageLovasz;
    this.skipBadRecords = skipBadRecords;
    this.source = source;
  }

  @Override
  public Iterator<BinaryImageRow> call(Iterator<ImagePair> pairs) {
    BinaryImageReader reader = new BinaryImageReader(source, input);
    LovaszWorkspace workspace = new LovaszWorkspace();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pairs.hasNext();
      }

      @Override
      public BinaryImageRow next() {
        ImagePair pair = pairs.next();
        try {
          return ImageOutOfMemoryException.whileEvaluating(pair, source, () -> evaluate(pair, reader, workspace));
        } catch (ImageRecordException e) {
          if (skipBadRecords) {
            return BinaryImageRow.rejected(pair.getImageId(), pair.getGroupKey(), e.file(), e.why());
          }
          throw e;
        }
      }
    };
  }

  /** Masks never hold negative values, logits mostly do: a refused target with one was likely given as --pred. */
  static final String SWAPPED_HINT = "; a target with negative values looks like logits: " + ImageDecoder.SWAPPED_QUESTION;

  /** A refused target of whole numbers up to 2 or more: class ids, as a BraTS (0/1/2/4) or a multiclass mask holds. */
  static final String CLASS_IDS_HINT = "{}; is it a mask of class ids (0 to {})? evaluate it with --task multiclass"
      + " --num-classes {}, or save (mask > 0) as the binary foreground";

  private BinaryImageRow evaluate(ImagePair pair, BinaryImageReader reader, LovaszWorkspace workspace) {
    BinaryImageReader.Image image = reader.read(pair);
    int n = image.pixels();
    BinaryCounts counts = new BinaryCounts(params);
    try {
      counts.update(image.pred(), image.target(), n, image.grid(), image.kind());
    } catch (ProbabilityOutOfRangeException e) {
      throw ImageRecordException.of(pair,
          BadPredictionValueException.explained(e.withLogitsHint("--input logits"), image.predFloat16()));
    } catch (BadRecordException e) {
      if (e.side() != BadRecordException.Side.TARGET) {
        throw ImageRecordException.of(pair, BadPredictionValueException.explained(e, image.predFloat16()));
      }
      int largestClass = BinaryTargets.largestClassId(image.target(), n);
      throw BinaryTargets.holdsNegative(image.target(), n)
          ? new ImageRecordException(pair.getImageId(), pair.getTargetPath(), e.why().then(SWAPPED_HINT))
          : largestClass > 0
          ? new ImageRecordException(pair.getImageId(), pair.getTargetPath(),
              Reason.of(CLASS_IDS_HINT, e.why(), largestClass, largestClass + 1))
          : ImageRecordException.of(pair, e);
    }
    Double lovasz = perImageLovasz && BinaryMetric.LOVASZ_HINGE_LOSS.computableFrom(input) && n > 0
        ? LovaszHinge.perImage(reader.logits(image), image.target(), n, workspace)
        : null;
    return BinaryImageRow.of(pair.getImageId(), pair.getGroupKey(), pair.getPredPath(), counts,
        BinaryImageScores.of(counts, input, lovasz), image.grid().isVolume());
  }

  /** The images' error runs for the dataset-wide Lovász hinge (one series). */
  public static GlobalLovaszSource globalLovaszSource(InputKind input, ImageSource source) {
    return new GlobalLovaszSource(input, source);
  }

  /** {@link GlobalLovasz.ImageRunsSource} of the binary hinge. */
  public static final class GlobalLovaszSource implements GlobalLovasz.ImageRunsSource {
    private static final long serialVersionUID = 1L;
    private final InputKind input;
    private final ImageSource source;

    GlobalLovaszSource(InputKind input, ImageSource source) {
      this.input = input;
      this.source = source;
    }

    @Override
    public ImageSource images() {
      return source;
    }

    @Override
    public int series() {
      return 1;
    }

    @Override
    public GlobalLovasz.ImageRunsReader open() {
      BinaryImageReader reader = new BinaryImageReader(source, input);
      LovaszWorkspace workspace = new LovaszWorkspace();
      // the hinge's key scan leaves no runs out by a bound (the cutter does, BucketCutter)
      return (pair, below) -> {
        BinaryImageReader.Image image = reader.read(pair);
        // what the per-image stage refuses, this refuses too: an image that has become unusable since
        BinaryCounts.requireUsable(image.pred(), image.target(), image.pixels(), image.grid(), image.kind());
        return new GlobalLovasz.ImageRuns(image.pixels(), new ErrorRuns[] {
          LovaszHinge.errorRuns(reader.logits(image), image.target(), image.pixels(), workspace)
        });
      };
    }
  }
}
