package io.segeval.jobs.evaluate;

import io.segeval.codec.Reason;
import io.segeval.jobs.limit.SkippedRecord;
import io.segeval.jobs.lovasz.PerImageOutcome;
import java.io.Serializable;

/**
 * The fields every task's map-stage row has (BinaryImageRow, MulticlassImageRow): the image's id,
 * its {@code --group-by} key (or null) and its prediction file; for an image evaluated its pixels
 * (a volume's voxels), for a skipped bad record its {@code rejectReason} and the reason's class
 * {@code rejectKind}. A bean: Spark's bean encoder reads these getters and setters with the
 * subclass's own.
 */
public abstract class ImageRow implements Serializable, MapStageRow {
  private static final long serialVersionUID = 1L;

  private String imageId;
  private String groupKey;
  private String file;
  private String rejectReason;
  private String rejectKind;
  private long pixels;

  /** Whether the image was a 3-D volume; null unless evaluated. Not a column ({@link MapStageRow#volume}). */
  private transient Boolean volume;

  /** The row of an image evaluated: its {@code pixels}; {@code volume}: a 3-D volume's. */
  protected final void markEvaluated(String imageId, String groupKey, String file, long pixels, boolean volume) {
    this.imageId = imageId;
    this.groupKey = groupKey;
    this.file = file;
    this.pixels = pixels;
    this.volume = volume;
  }

  /** The row of a skipped bad record: the reason's text and its class. */
  protected final void markRejected(String imageId, String groupKey, String file, Reason reason) {
    this.imageId = imageId;
    this.groupKey = groupKey;
    this.file = file;
    this.rejectReason = reason.text();
    this.rejectKind = reason.kind();
  }

  @Override
  public Boolean volume() {
    return volume;
  }

  @Override
  public SkippedRecord skipped() {
    return rejectReason == null ? null : new SkippedRecord(imageId, file, rejectReason, rejectKind, groupKey);
  }

  /** What the map stage made of the image, for the dataset-wide Lovász sort: {@code elements} when evaluated. */
  protected final PerImageOutcome outcome(long elements) {
    return rejectReason != null ? PerImageOutcome.rejected(imageId, groupKey)
        : PerImageOutcome.evaluated(imageId, groupKey, elements);
  }

  public String getImageId() { return imageId; }
  public void setImageId(String v) { imageId = v; }
  public String getGroupKey() { return groupKey; }
  public void setGroupKey(String v) { groupKey = v; }
  public String getFile() { return file; }
  public void setFile(String v) { file = v; }
  public String getRejectReason() { return rejectReason; }
  public void setRejectReason(String v) { rejectReason = v; }
  public String getRejectKind() { return rejectKind; }
  public void setRejectKind(String v) { rejectKind = v; }
  public long getPixels() { return pixels; }
  public void setPixels(long v) { pixels = v; }
}
