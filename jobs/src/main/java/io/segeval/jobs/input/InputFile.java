package io.segeval.jobs.input;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Locale;

/** One listed input file: its image_id (relative path without extension), full path and size. */
public class InputFile implements Serializable {
  private static final long serialVersionUID = 1L;

  /** By image_id, then path, in Spark's string order: how listings come and pairing merges them. */
  static final Comparator<InputFile> BY_IMAGE_ID = Comparator.comparing(InputFile::getImageId, SparkStringOrder.STRINGS)
      .thenComparing(InputFile::getPath, SparkStringOrder.STRINGS);

  private String imageId;
  private String path;
  private long length;
  /** Why the listed entry cannot be read (a broken symbolic link), or null; the same words for every such entry. */
  private String problem;

  public InputFile() {}

  public InputFile(String imageId, String path, long length) {
    this.imageId = imageId;
    this.path = path;
    this.length = length;
  }

  /** An entry of a folder that is there but cannot be read, with the reason. */
  public static InputFile unreadable(String imageId, String path, String problem) {
    InputFile f = new InputFile(imageId, path, 0);
    f.problem = problem;
    return f;
  }

  /**
   * The image_id of {@code path} under {@code root} (both qualified the same way): the relative
   * path without its extension, subfolders kept ({@code sub/img_013}).
   */
  public static String imageIdOf(String root, String path) {
    String rel = path.startsWith(root) ? path.substring(root.length()) : path;
    while (rel.startsWith("/")) {
      rel = rel.substring(1);
    }
    int slash = rel.lastIndexOf('/');
    int dot = rel.lastIndexOf('.');
    return dot > slash + 1 ? rel.substring(0, dot) : rel;
  }

  /** The lower-case extension with its dot ({@code .npy}), or "" when there is none. */
  public static String extensionOf(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash + 1 ? path.substring(dot).toLowerCase(Locale.ROOT) : "";
  }

  public String getImageId() { return imageId; }

  public void setImageId(String imageId) { this.imageId = imageId; }

  public String getPath() { return path; }

  public void setPath(String path) { this.path = path; }

  public long getLength() { return length; }

  public void setLength(long length) { this.length = length; }

  public String getProblem() { return problem; }

  public void setProblem(String problem) { this.problem = problem; }
}
