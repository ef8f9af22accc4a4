package io.segeval.jobs.multiclass;

import io.segeval.core.EvaluationState;
import io.segeval.core.NeumaierSum;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The mergeable state of a whole multiclass evaluation: the dataset's {@link MulticlassCounts}
 * (confusion matrix, per-class soft sums, CE; O(C²) whatever the number of images) plus the
 * compensated sum behind {@code per_image_mean.lovasz_softmax_loss} (mean over the images that
 * have pixels), and the number of logits images that looked like probabilities
 * ({@link io.segeval.core.multiclass.ProbabilityLikeScores}). Built image by image, combined with
 * {@link #merge}.
 *
 * <p>Serialized compressed ({@link #toBytes}): for C = 1000 the confusion matrix is 8 MB of longs,
 * mostly zeros, which deflate to a small fraction of that. Java serialization (Spark's buffer
 * encoder) goes through the same bytes.
 */
public final class MulticlassEvaluation implements Serializable, EvaluationState {
  private static final long serialVersionUID = 1L;

  private final MulticlassCounts counts;
  private final NeumaierSum lovasz;
  private long lovaszImages;
  private long probabilityLikeImages;

  public MulticlassEvaluation(MulticlassParams params) {
    this(new MulticlassCounts(params), new NeumaierSum(), 0, 0);
  }

  private MulticlassEvaluation(MulticlassCounts counts, NeumaierSum lovasz, long lovaszImages,
      long probabilityLikeImages) {
    this.counts = counts;
    this.lovasz = lovasz;
    this.lovaszImages = lovaszImages;
    this.probabilityLikeImages = probabilityLikeImages;
  }

  /** The dataset state; {@link MulticlassCounts#update} adds an image to it. */
  public MulticlassCounts counts() {
    return counts;
  }

  /** Adds an image's per-image Lovász-softmax (call once per image with pixels, if computed). */
  public void addPerImageLovasz(double loss) {
    lovasz.add(loss);
    lovaszImages++;
  }

  /** Counts an evaluated image whose logits looked like probabilities (call once per such image). */
  public void addProbabilityLikeImage() {
    probabilityLikeImages++;
  }

  public MulticlassEvaluation merge(MulticlassEvaluation other) {
    counts.merge(other.counts);
    lovasz.add(other.lovasz);
    lovaszImages += other.lovaszImages;
    probabilityLikeImages += other.probabilityLikeImages;
    return this;
  }

  @Override
  public long images() {
    return counts.images();
  }

  /** The evaluated images whose logits looked like probabilities (0 for other inputs). */
  public long probabilityLikeImages() {
    return probabilityLikeImages;
  }

  /** Mean of the images' Lovász-softmax, or null when none was computed; never NaN (each image's is finite). */
  public Double perImageLovaszMean() {
    return lovaszImages == 0 ? null : lovasz.value() / lovaszImages;
  }

  /** The state as deflated Java serialization. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(
        new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16))) {
      out.writeObject(counts);
      out.writeObject(lovasz);
      out.writeLong(lovaszImages);
      out.writeLong(probabilityLikeImages);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the multiclass state", e);
    }
    return bytes.toByteArray();
  }

  public static MulticlassEvaluation fromBytes(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(
        new InflaterInputStream(new ByteArrayInputStream(bytes), new Inflater(), 1 << 16))) {
      MulticlassCounts counts = (MulticlassCounts) in.readObject();
      NeumaierSum lovasz = (NeumaierSum) in.readObject();
      return new MulticlassEvaluation(counts, lovasz, in.readLong(), in.readLong());
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read a multiclass state", e);
    }
  }

  private Object writeReplace() {
    return new Compressed(toBytes());
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("serialized through Compressed");
  }

  /** The serialized form: {@link #toBytes}. */
  private static final class Compressed implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    Compressed(byte[] bytes) {
      this.bytes = bytes;
    }

    private Object readResolve() {
      return fromBytes(bytes);
    }
  }
}
