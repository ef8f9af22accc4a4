package io.segeval.jobs.input;

import io.segeval.codec.Reason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One image to evaluate: its prediction and target, from one of two places.
 * <ul>
 *   <li>A pair of files ({@link InputPairs}): {@code predPath}/{@code targetPath} and their sizes.</li>
 *   <li>A table row ({@link TableInputs}): {@code rowSource} is set (the row's file, for messages),
 *       and each side is either NPY/PNG bytes ({@code predBytes}) or a flattened numeric array
 *       ({@code predValues}; int and float arrays as {@code predInts}, {@code predFloats}) with the row's {@code height}, {@code width} and optional
 *       {@code channels}, and the index of its first null element, if any ({@code predNullAt}). {@code predPath}/{@code targetPath} then only name the cell in messages.</li>
 * </ul>
 * {@code problem} is null for a good pair, else the reason it cannot be evaluated (a missing side,
 * a duplicate image_id, a null cell), with its class in {@code problemKind} ({@link Reason}).
 * {@code groupKey} is the JSON array of the row's
 * {@code --group-by} values, or null. {@link ImageDecoder} turns either kind into arrays.
 */
public class ImagePair implements Serializable {
  private static final long serialVersionUID = 1L;

  private String imageId;
  private String predPath;
  private long predLength;
  private String targetPath;
  private long targetLength;
  private String problem;
  private String problemKind;
  /** The file (or cell) the problem is about, when it is not the prediction's. */
  private String problemPath;
  private String groupKey;
  private String rowSource;
  private byte[] predBytes;
  private byte[] targetBytes;
  private double[] predValues;
  private double[] targetValues;
  /** An int or float array cell, kept in its own type (Spark's cast to doubles boxes every element). */
  private int[] predInts;
  private int[] targetInts;
  private float[] predFloats;
  private float[] targetFloats;
  private Integer height;
  private Integer width;
  private Integer channels;
  /** The index of the first null element of an array cell, or null. */
  private Integer predNullAt;
  private Integer targetNullAt;

  public ImagePair() {}

  /**
   * {@code df} as a Dataset of pairs: the given columns by property name, every other property
   * null. Spark binds bean properties by name, so each must exist as a column.
   */
  public static Dataset<ImagePair> from(Dataset<Row> df, Map<String, Column> columns) {
    StructType properties = Encoders.bean(ImagePair.class).schema();
    List<Column> cols = new ArrayList<>();
    for (StructField f : properties.fields()) {
      Column c = columns.get(f.name());
      Column missing = functions.lit(f.nullable() ? null : 0); // primitives (lengths) are 0 when unknown
      cols.add((c != null ? c : missing).cast(f.dataType()).as(f.name()));
    }
    for (String name : columns.keySet()) {
      if (!properties.getFieldIndex(name).isDefined()) {
        throw new IllegalArgumentException("ImagePair has no property " + name);
      }
    }
    return df.select(cols.toArray(new Column[0])).as(Encoders.bean(ImagePair.class));
  }

  /** Whether the pair is a table row (its sides are cells, not files). */
  public boolean fromTable() {
    return rowSource != null;
  }

  public String getImageId() { return imageId; }

  public void setImageId(String imageId) { this.imageId = imageId; }

  public String getPredPath() { return predPath; }

  public void setPredPath(String predPath) { this.predPath = predPath; }

  public long getPredLength() { return predLength; }

  public void setPredLength(long predLength) { this.predLength = predLength; }

  public String getTargetPath() { return targetPath; }

  public void setTargetPath(String targetPath) { this.targetPath = targetPath; }

  public long getTargetLength() { return targetLength; }

  public void setTargetLength(long targetLength) { this.targetLength = targetLength; }

  public String getProblem() { return problem; }

  public void setProblem(String problem) { this.problem = problem; }

  public String getProblemKind() { return problemKind; }

  public void setProblemKind(String problemKind) { this.problemKind = problemKind; }

  public String getGroupKey() { return groupKey; }

  public void setGroupKey(String groupKey) { this.groupKey = groupKey; }

  public String getRowSource() { return rowSource; }

  public void setRowSource(String rowSource) { this.rowSource = rowSource; }

  public byte[] getPredBytes() { return predBytes; }

  public void setPredBytes(byte[] predBytes) { this.predBytes = predBytes; }

  public byte[] getTargetBytes() { return targetBytes; }

  public void setTargetBytes(byte[] targetBytes) { this.targetBytes = targetBytes; }

  public double[] getPredValues() { return predValues; }

  public void setPredValues(double[] predValues) { this.predValues = predValues; }

  public double[] getTargetValues() { return targetValues; }

  public void setTargetValues(double[] targetValues) { this.targetValues = targetValues; }

  public int[] getPredInts() { return predInts; }

  public void setPredInts(int[] predInts) { this.predInts = predInts; }

  public int[] getTargetInts() { return targetInts; }

  public void setTargetInts(int[] targetInts) { this.targetInts = targetInts; }

  public float[] getPredFloats() { return predFloats; }

  public void setPredFloats(float[] predFloats) { this.predFloats = predFloats; }

  public float[] getTargetFloats() { return targetFloats; }

  public void setTargetFloats(float[] targetFloats) { this.targetFloats = targetFloats; }

  public Integer getHeight() { return height; }

  public void setHeight(Integer height) { this.height = height; }

  public Integer getWidth() { return width; }

  public void setWidth(Integer width) { this.width = width; }

  public Integer getChannels() { return channels; }

  public void setChannels(Integer channels) { this.channels = channels; }

  public Integer getPredNullAt() { return predNullAt; }

  public void setPredNullAt(Integer predNullAt) { this.predNullAt = predNullAt; }

  public Integer getTargetNullAt() { return targetNullAt; }

  public void setTargetNullAt(Integer targetNullAt) { this.targetNullAt = targetNullAt; }

  public String getProblemPath() { return problemPath; }

  public void setProblemPath(String problemPath) { this.problemPath = problemPath; }

  /** Marks the pair as one that cannot be evaluated; {@code file}: what it is about, null for the prediction. */
  public void markProblem(Reason reason, String file) {
    problem = reason.text();
    problemKind = reason.kind();
    problemPath = file;
  }

  /** Why the pair cannot be evaluated, or null for a good pair. */
  public Reason problemReason() {
    return problem == null ? null : new Reason(problem, problemKind == null ? problem : problemKind);
  }

  /** The file (or cell) to name in a message about this pair's problem. */
  public String problemFile() {
    return problemPath != null ? problemPath : predPath != null ? predPath : targetPath;
  }
}
