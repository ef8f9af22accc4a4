package io.segeval.jobs.multiclass;

import io.segeval.core.lovasz.LovaszSoftmax;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.core.multiclass.MulticlassImageResult;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.core.multiclass.ProbabilityLikeScores;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.ImageOutOfMemoryException;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageRecordException;
import io.segeval.jobs.input.ImageSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The multiclass map stage. Each partition owns ONE {@link MulticlassEvaluation} per
 * {@code --group-by} group (one in all without grouping): every image is
 * read ({@link MulticlassImageReader}) and run through the engine's fused pass straight into that
 * state ({@code MulticlassCounts.update}: argmax, confusion counts, soft sums, CE), then its
 * per-image Lovász-softmax is computed from the probabilities the pass wrote over the decoded
 * scores (each tile once it has read it: no second C·H·W array per task, 8 bytes per score value
 * less); logits whose first pixels look like probabilities are counted in the state
 * ({@link ProbabilityLikeScores}), checked before the pass overwrites them. The
 * image's row carries only its scalars; after the last image the partition emits one state row per group.
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
  private final ImageSource source;

  MulticlassImageEvaluator(MulticlassParams params, boolean perImageLovasz, boolean skipBadRecords,
      ImageSource source) {
    this.params = params;
    this.perImageLovasz = perImageLovasz && params.hasSoftScores();
    this.skipBadRecords = skipBadRecords;
    this.source = source;
  }

  @Override
  public Iterator<MulticlassImageRow> call(Iterator<ImagePair> pairs) {
    PartitionPass pass = new PartitionPass();
    return new Iterator<>() {
      private Iterator<Map.Entry<String, MulticlassEvaluation>> states;

      @Override
      public boolean hasNext() {
        return pairs.hasNext() || states == null || states.hasNext();
      }

      @Override
      public MulticlassImageRow next() {
        if (pairs.hasNext()) {
          ImagePair pair = pairs.next();
          try {
            return ImageOutOfMemoryException.whileEvaluating(pair, source, () -> pass.evaluate(pair));
          } catch (ImageRecordException e) {
            if (skipBadRecords) {
              pass.stateOf(pair); // its group exists (0 images) though all its records are skipped
              return MulticlassImageRow.rejected(pair.getImageId(), pair.getGroupKey(), e.file(), e.why());
            }
            throw e;
          }
        }
        if (states == null) {
          if (pass.states.isEmpty()) {
            pass.states.put(Groups.NO_GROUP, new MulticlassEvaluation(params));
          }
          states = pass.states.entrySet().iterator();
        }
        Map.Entry<String, MulticlassEvaluation> e = states.next();
        return MulticlassImageRow.partitionState(e.getKey().equals(Groups.NO_GROUP) ? null : e.getKey(), e.getValue());
      }
    };
  }

  /** One partition's reader, buffers and states (by group key). */
  private final class PartitionPass {
    final Map<String, MulticlassEvaluation> states = new LinkedHashMap<>();
    final MulticlassImageReader reader = new MulticlassImageReader(source, params.inputKind(), params.numClasses());
    final LovaszWorkspace workspace = new LovaszWorkspace();
    /** The state of the pair's group in this partition, made on the group's first record. */
    MulticlassEvaluation stateOf(ImagePair pair) {
      return states.computeIfAbsent(Groups.keyOf(pair.getGroupKey()), k -> new MulticlassEvaluation(params));
    }

    MulticlassImageRow evaluate(ImagePair pair) {
      MulticlassImageReader.Image image = reader.read(pair);
      int n = image.pixels();
      // before the pass, which writes the probabilities over the scores
      boolean probabilityLike = ProbabilityLikeScores.readAsLogits(params.inputKind(), image.pred(),
          params.numClasses(), n);
      // the per-image Lovász reads the probabilities the pass writes over the scores (the
      // decoder's buffer or the row's own array, read by nothing else); none without it
      double[] probabilities = perImageLovasz ? image.pred() : null;
      MulticlassEvaluation state = stateOf(pair);
      MulticlassImageResult result = MulticlassImageReader.count(pair, image, state.counts(), probabilities);
      // counted once the image is evaluated: a warning if every image's logits were (MulticlassTask.warnAbout)
      if (probabilityLike) {
        state.addProbabilityLikeImage();
      }
      Double lovasz = null;
      if (perImageLovasz && result.pixels() > 0) {
        lovasz = LovaszSoftmax.perImage(probabilities, params.numClasses(), image.target(), n, params.ignoreIndex(),
            workspace);
        state.addPerImageLovasz(lovasz);
      }
      return MulticlassImageRow.image(pair.getImageId(), pair.getGroupKey(), pair.getPredPath(), result, lovasz,
          image.grid().isVolume());
    }
  }
}
