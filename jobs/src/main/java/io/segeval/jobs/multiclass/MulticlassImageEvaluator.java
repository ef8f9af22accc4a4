package io.segeval.jobs.multiclass;

import io.segeval.codec.BadRecordException;
import io.segeval.core.lovasz.LovaszSoftmax;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.core.multiclass.MulticlassImageResult;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The multiclass map stage. Each partition owns ONE {@link MulticlassEvaluation}: every image is
 * read ({@link MulticlassImageReader}) and run through the engine's fused pass straight into that
 * state ({@code MulticlassCounts.update}: argmax, confusion counts, soft sums, CE), then its
 * per-image Lovász-softmax is computed from the probabilities the pass wrote. The image's row
 * carries only its scalars; after the last image the partition emits one state row.
 *
 * <p>Why not one state per image row: with C = 1000 an image's confusion matrix alone is 8 MB, and
 * even a sparse one plus its 2·C soft sums would make the persisted rows grow with the number of
 * images. This way each image is decoded and passed over once, and the data handed to the
 * aggregation is O(C²) per partition, independent of the number of images.
 *
 * <p>A bad record throws an {@link ImageRecordException} (policy fail) or becomes a rejected row
 * (policy skip); the engine leaves the state unchanged when it refuses an image.
 */
final class MulticlassImageEvaluator implements MapPartitionsFunction<ImagePair, MulticlassImageRow> {
  private static final long serialVersionUID = 1L;

  private final MulticlassParams params;
  private final boolean perImageLovasz;
  private final boolean skipBadRecords;
  private final long maxPixels;
  private final HadoopConf hadoopConf;

  MulticlassImageEvaluator(MulticlassParams params, boolean perImageLovasz, boolean skipBadRecords,
      long maxPixels, HadoopConf hadoopConf) {
    this.params = params;
    this.perImageLovasz = perImageLovasz && params.hasSoftScores();
    this.skipBadRecords = skipBadRecords;
    this.maxPixels = maxPixels;
    this.hadoopConf = hadoopConf;
  }

  @Override
  public Iterator<MulticlassImageRow> call(Iterator<ImagePair> pairs) {
    PartitionPass pass = new PartitionPass();
    return new Iterator<>() {
      private boolean stateEmitted;

      @Override
      public boolean hasNext() {
        return pairs.hasNext() || !stateEmitted;
      }

      @Override
      public MulticlassImageRow next() {
        if (pairs.hasNext()) {
          ImagePair pair = pairs.next();
          try {
            return pass.evaluate(pair);
          } catch (ImageRecordException e) {
            if (skipBadRecords) {
              return MulticlassImageRow.rejected(pair.getImageId(), e.file(), e.reason());
            }
            throw e;
          }
        }
        if (stateEmitted) {
          throw new NoSuchElementException();
        }
        stateEmitted = true;
        return MulticlassImageRow.partitionState(pass.state);
      }
    };
  }

  /** One partition's reader, buffers and state. */
  private final class PartitionPass {
    final MulticlassEvaluation state = new MulticlassEvaluation(params);
    final MulticlassImageReader reader =
        new MulticlassImageReader(hadoopConf, maxPixels, params.inputKind(), params.numClasses());
    final LovaszWorkspace workspace = new LovaszWorkspace();
    double[] probabilities = new double[0];

    MulticlassImageRow evaluate(ImagePair pair) {
      MulticlassImageReader.Image image = reader.read(pair);
      int n = image.pixels();
      double[] probs = null;
      if (perImageLovasz) {
        long values = (long) params.numClasses() * n;
        if (probabilities.length < values) {
          probabilities = new double[(int) values]; // fits: the decoded prediction holds as many
        }
        probs = probabilities;
      }
      MulticlassImageResult result;
      try {
        result = state.counts().update(image.pred(), image.target(), n, image.width(), probs);
      } catch (BadRecordException e) {
        String file = e.getMessage().startsWith("target") ? pair.getTargetPath() : pair.getPredPath();
        throw new ImageRecordException(pair.getImageId(), file, e.reason());
      }
      Double lovasz = null;
      if (perImageLovasz && result.pixels() > 0) {
        lovasz = LovaszSoftmax.perImage(probs, params.numClasses(), image.target(), n, params.ignoreIndex(), workspace);
        state.addPerImageLovasz(lovasz);
      }
      return MulticlassImageRow.image(pair.getImageId(), pair.getPredPath(), result, lovasz);
    }
  }
}
