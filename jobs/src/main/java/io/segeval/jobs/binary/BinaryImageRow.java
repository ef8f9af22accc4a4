package io.segeval.jobs.binary;

import io.segeval.codec.Reason;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryImageScores;
import io.segeval.core.binary.BinaryParams;
import io.segeval.jobs.evaluate.ImageRow;
import io.segeval.jobs.lovasz.PerImageOutcome;
import io.segeval.jobs.output.PerImageColumn;

/**
 * The map stage's output for one image (with its {@code --group-by} key, or null): its scores (the
 * {@code per_image/} row), the sums of its {@link BinaryCounts} state (merged into the dataset by
 * {@link BinaryEvaluationAggregator}), or, for a skipped bad record, only the fields of
 * {@link ImageRow} (image_id, file, {@code rejectReason} and its class {@code rejectKind}).
 */
public class BinaryImageRow extends ImageRow {
  /** The columns of {@code OUTPUT/per_image/}, in output order (spec §6 keys). */
  public enum Column implements PerImageColumn {
    IMAGE_ID, PIXELS, DICE, IOU, TVERSKY, BCE, FOCAL_LOSS, LOVASZ_HINGE_LOSS, TP, FP, FN, TN, HARD_DICE, HARD_IOU
  }

  private static final long serialVersionUID = 1L;

  // Scores besides the pixels (null where undefined: see BinaryImageScores).
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

  public BinaryImageRow() {}

  /** The row of an image evaluated: its scores and state; {@code volume}: a 3-D volume's. */
  public static BinaryImageRow of(String imageId, String groupKey, String file, BinaryCounts c, BinaryImageScores s,
      boolean volume) {
    BinaryImageRow r = new BinaryImageRow();
    r.markEvaluated(imageId, groupKey, file, s.pixels(), volume);
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
    r.markRejected(imageId, groupKey, file, reason);
    return r;
  }

  /** What the map stage made of the image, for the dataset-wide Lovász sort. */
  public PerImageOutcome outcome() {
    return outcome(getPixels());
  }

  /** The image's state, to merge into the dataset. */
  public BinaryCounts counts(BinaryParams params) {
    return BinaryCounts.of(params, getPixels(), intersection, predSum, targetSum, bceSum, focalSum, wceSum, tp, fp, fn, tn);
  }

  public BinaryImageScores scores() {
    return new BinaryImageScores(getPixels(), dice, iou, tversky, bce, focalLoss, lovaszHingeLoss, tp, fp, fn, tn, hardDice, hardIou);
  }

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
