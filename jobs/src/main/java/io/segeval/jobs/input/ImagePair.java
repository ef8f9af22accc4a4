package io.segeval.jobs.input;

import java.io.Serializable;

/**
 * A prediction file and its target file, paired by image_id. {@code problem} is null for a good
 * pair, else the reason it cannot be evaluated (a missing side, a duplicate image_id).
 */
public class ImagePair implements Serializable {
  private static final long serialVersionUID = 1L;

  private String imageId;
  private String predPath;
  private long predLength;
  private String targetPath;
  private long targetLength;
  private String problem;

  public ImagePair() {}

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

  /** The file to name in a message about this pair. */
  public String anyPath() {
    return predPath != null ? predPath : targetPath;
  }
}
