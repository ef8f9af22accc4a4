package io.segeval.jobs.output;

/**
 * What the console and the log call the elements a run evaluated: the pixels of images, the voxels
 * of 3-D volumes, or both when a dataset holds either. Words only: summary.json's keys and the
 * tables' columns say {@code pixels} whatever they count (spec §6).
 */
public enum Elements {
  PIXELS("pixels", "pixel"),
  VOXELS("voxels", "voxel"),
  PIXELS_AND_VOXELS("pixels and voxels", "pixel or voxel");

  private final String plural;
  private final String singular;

  Elements(String plural, String singular) {
    this.plural = plural;
    this.singular = singular;
  }

  /** Of a run that evaluated {@code volumes} volumes and {@code images} 2-D images; pixels without a volume. */
  public static Elements of(long volumes, long images) {
    return volumes == 0 ? PIXELS : images == 0 ? VOXELS : PIXELS_AND_VOXELS;
  }

  /** "pixels", "voxels", "pixels and voxels". */
  public String plural() {
    return plural;
  }

  /** "pixel", "voxel", "pixel or voxel". */
  public String singular() {
    return singular;
  }
}
