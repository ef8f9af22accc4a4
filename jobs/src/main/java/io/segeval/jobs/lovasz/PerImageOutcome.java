package io.segeval.jobs.lovasz;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What the per-image stage made of one image: evaluated, with its pixel count (H·W, ignored pixels
 * included), or rejected (a bad record it reported, or a pair with a known problem). The
 * dataset-wide Lovász sort reads the images again and checks each against this.
 */
public record PerImageOutcome(String imageId, String groupKey, boolean rejected, long pixels) implements Serializable {

  public static PerImageOutcome evaluated(String imageId, String groupKey, long pixels) {
    return new PerImageOutcome(imageId, groupKey, false, pixels);
  }

  public static PerImageOutcome rejected(String imageId, String groupKey) {
    return new PerImageOutcome(imageId, groupKey, true, 0);
  }

  /** The image's identity in a run: its image_id and group (an image_id may appear once per group). */
  List<String> key() {
    return key(imageId, groupKey);
  }

  static List<String> key(String imageId, String groupKey) {
    return Arrays.asList(imageId, groupKey);
  }
}
