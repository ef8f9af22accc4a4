package io.segeval.jobs.multiclass;

import static org.apache.spark.sql.functions.col;

import io.segeval.codec.Reason;
import io.segeval.core.multiclass.MulticlassImageResult;
import io.segeval.jobs.evaluate.ImageRow;
import io.segeval.jobs.lovasz.PerImageOutcome;
import io.segeval.jobs.output.PerImageColumn;
import io.segeval.jobs.output.Rejections;

/**
 * A row of the multiclass map stage, one of three kinds (all with the image's group key, or null):
 * <ul>
 *   <li>an image: its {@code per_image/} values (null where not computable);</li>
 *   <li>a skipped bad record: image_id, file, {@code rejectReason} and its class {@code rejectKind} only;</li>
 *   <li>the partition's state: {@code partitionState} ({@link MulticlassEvaluation#toBytes}) and
 *       {@code groupKey}, one per partition and {@code --group-by} group, after its images.
 *       {@code imageId} is null.</li>
 * </ul>
 */
public class MulticlassImageRow extends ImageRow {
  /** The columns of {@code OUTPUT/per_image/}, in output order (spec §6 keys). */
  public enum Column implements PerImageColumn {
    IMAGE_ID, PIXELS, IGNORED, CE, LOVASZ_SOFTMAX_LOSS, AACC, MIOU
  }

  private static final long serialVersionUID = 1L;

  private long ignored;
  private Double ce;
  private Double lovaszSoftmaxLoss;
  private Double aacc;
  private Double miou;
  private byte[] partitionState;

  public MulticlassImageRow() {}

  /** Rows of the third kind: a partition's state. */
  static org.apache.spark.sql.Column isPartitionState() {
    return col("partitionState").isNotNull();
  }

  /** Rows of the first kind: an image evaluated (state rows have no image_id, rejected ones a reason). */
  static org.apache.spark.sql.Column isEvaluatedImage() {
    return col("imageId").isNotNull().and(Rejections.notRejected());
  }

  /** The row of an image evaluated; {@code volume}: a 3-D volume's. */
  static MulticlassImageRow image(String imageId, String groupKey, String file, MulticlassImageResult r, Double lovasz,
      boolean volume) {
    MulticlassImageRow row = new MulticlassImageRow();
    row.markEvaluated(imageId, groupKey, file, r.pixels(), volume);
    row.ignored = r.ignored();
    row.ce = r.ce();
    row.lovaszSoftmaxLoss = lovasz;
    row.aacc = r.aacc();
    row.miou = r.miou();
    return row;
  }

  static MulticlassImageRow rejected(String imageId, String groupKey, String file, Reason reason) {
    MulticlassImageRow row = new MulticlassImageRow();
    row.markRejected(imageId, groupKey, file, reason);
    return row;
  }

  static MulticlassImageRow partitionState(String groupKey, MulticlassEvaluation state) {
    MulticlassImageRow row = new MulticlassImageRow();
    row.setGroupKey(groupKey);
    row.partitionState = state.toBytes();
    return row;
  }

  /** What the map stage made of the image (H·W pixels), for the dataset-wide Lovász sort; null for a state row. */
  PerImageOutcome outcome() {
    if (partitionState != null) {
      return null;
    }
    return outcome(getPixels() + ignored);
  }

  public long getIgnored() { return ignored; }
  public void setIgnored(long v) { ignored = v; }
  public Double getCe() { return ce; }
  public void setCe(Double v) { ce = v; }
  public Double getLovaszSoftmaxLoss() { return lovaszSoftmaxLoss; }
  public void setLovaszSoftmaxLoss(Double v) { lovaszSoftmaxLoss = v; }
  public Double getAacc() { return aacc; }
  public void setAacc(Double v) { aacc = v; }
  public Double getMiou() { return miou; }
  public void setMiou(Double v) { miou = v; }
  public byte[] getPartitionState() { return partitionState; }
  public void setPartitionState(byte[] v) { partitionState = v; }
}
