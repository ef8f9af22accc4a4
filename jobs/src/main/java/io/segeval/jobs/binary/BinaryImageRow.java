package io.segeval.jobs.binary;

import io.segeval.codec.Reason;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryImageScores;
import io.segeval.core.binary.BinaryParams;
import io.segeval.jobs.MapStageRow;
import io.segeval.jobs.limit.SkippedRecord;
import io.segeval.jobs.lovasz.PerImageOutcome;
import io.segeval.jobs.output.PerImageColumn;
import java.io.Serializable;

/**
 * The map stage's output for one image (with its {@code --group-by} key, or null): its scores (the {@code per_image/} row), the sums of its
 * {@link BinaryCounts} state (merged into the dataset by {@link BinaryEvaluationAggregator}), or,
 * for a skipped bad record, only the image_id, file, {@code rejectReason} and its class {@code rejectKind}.
 */
public class BinaryImageRow implements Serializable, MapStageRow {
  /** The columns of {@code OUTPUT/per_image/}, in output order (spec §6 keys). */
  public enum Column implements PerImageColumn {
    IMAGE_ID, PIXELS, DICE, IOU, TVERSKY, BCE, FOCAL_LOSS, LOVASZ_HINGE_LOSS, TP, FP, FN, TN, HARD_DICE, HARD_IOU
  }

  private static final long serialVersionUID = 1L;

  private String imageId;
  private String groupKey;
  private String file;
  private String rejectReason;
  private String rejectKind;
  // Scores (null where undefined: see BinaryImageScores).
  private long pixels;
  private double dice;
  private double iou;
  private double tversky;
  private Double bce;
  private Double focalLoss;
  private Double lovaszHingeLoss;
  private long tp;
  private long fp;
  private long fn;
  private long tn;
  private double hardDice;
  private double hardIou;
  // The rest of the state.
  private double intersection;
  private double predSum;
  private double targetSum;
  private double bceSum;
  private double focalSum;
  private double wceSum;

  /** Whether the image was a 3-D volume; null unless evaluated. Not a column ({@link MapStageRow#volume}). */
  private transient Boolean volume;

  public BinaryImageRow() {}

  @Override
  public Boolean volume() {
    return volume;
  }

  /** The row of an image evaluated: its scores and state; {@code volume}: a 3-D volume's. */
  public static BinaryImageRow of(String imageId, String groupKey, String file, BinaryCounts c, BinaryImageScores s,
      boolean volume) {
    BinaryImageRow r = new BinaryImageRow();
    r.volume = volume;
    r.imageId = imageId;
    r.groupKey = groupKey;
    r.file = file;
    r.pixels = s.pixels();
    r.dice = s.dice();
    r.iou = s.iou();
    r.tversky = s.tversky();
    r.bce = s.bce();
    r.focalLoss = s.focalLoss();
    r.lovaszHingeLoss = s.lovaszHingeLoss();
    r.tp = s.tp();
    r.fp = s.fp();
    r.fn = s.fn();
    r.tn = s.tn();
    r.hardDice = s.hardDice();
    r.hardIou = s.hardIou();
    r.intersection = c.intersection();
    r.predSum = c.predSum();
    r.targetSum = c.targetSum();
    r.bceSum = c.bceSum();
    r.focalSum = c.focalSum();
    r.wceSum = c.wceSum();
    return r;
  }

  public static BinaryImageRow rejected(String imageId, String groupKey, String file, Reason reason) {
    BinaryImageRow r = new BinaryImageRow();
    r.imageId = imageId;
    r.groupKey = groupKey;
    r.file = file;
    r.rejectReason = reason.text();
    r.rejectKind = reason.kind();
    return r;
  }

  @Override
  public SkippedRecord skipped() {
    return rejectReason == null ? null : new SkippedRecord(imageId, file, rejectReason, rejectKind, groupKey);
  }

  /** What the map stage made of the image, for the dataset-wide Lovász sort. */
  public PerImageOutcome outcome() {
    return rejectReason != null ? PerImageOutcome.rejected(imageId, groupKey)
        : PerImageOutcome.evaluated(imageId, groupKey, pixels);
  }

  /** The image's state, to merge into the dataset. */
  public BinaryCounts counts(BinaryParams params) {
    return BinaryCounts.of(params, pixels, intersection, predSum, targetSum, bceSum, focalSum, wceSum, tp, fp, fn, tn);
  }

  public BinaryImageScores scores() {
    return new BinaryImageScores(pixels, dice, iou, tversky, bce, focalLoss, lovaszHingeLoss, tp, fp, fn, tn, hardDice, hardIou);
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
  public double getDice() { return dice; }
  public void setDice(double v) { dice = v; }
  public double getIou() { return iou; }
  public void setIou(double v) { iou = v; }
  public double getTversky() { return tversky; }
  public void setTversky(double v) { tversky = v; }
  public Double getBce() { return bce; }
  public void setBce(Double v) { bce = v; }
  public Double getFocalLoss() { return focalLoss; }
  public void setFocalLoss(Double v) { focalLoss = v; }
  public Double getLovaszHingeLoss() { return lovaszHingeLoss; }
  public void setLovaszHingeLoss(Double v) { lovaszHingeLoss = v; }
  public long getTp() { return tp; }
  public void setTp(long v) { tp = v; }
  public long getFp() { return fp; }
  public void setFp(long v) { fp = v; }
  public long getFn() { return fn; }
  public void setFn(long v) { fn = v; }
  public long getTn() { return tn; }
  public void setTn(long v) { tn = v; }
  public double getHardDice() { return hardDice; }
  public void setHardDice(double v) { hardDice = v; }
  public double getHardIou() { return hardIou; }
  public void setHardIou(double v) { hardIou = v; }
  public double getIntersection() { return intersection; }
  public void setIntersection(double v) { intersection = v; }
  public double getPredSum() { return predSum; }
  public void setPredSum(double v) { predSum = v; }
  public double getTargetSum() { return targetSum; }
  public void setTargetSum(double v) { targetSum = v; }
  public double getBceSum() { return bceSum; }
  public void setBceSum(double v) { bceSum = v; }
  public double getFocalSum() { return focalSum; }
  public void setFocalSum(double v) { focalSum = v; }
  public double getWceSum() { return wceSum; }
  public void setWceSum(double v) { wceSum = v; }
}
