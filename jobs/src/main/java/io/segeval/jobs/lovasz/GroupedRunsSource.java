package io.segeval.jobs.lovasz;

import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.jobs.input.ImageSource;
import java.util.Arrays;
import java.util.Map;

/**
 * The dataset-wide Lovász of every {@code --group-by} group from the same distributed sort: the
 * series of an inner source (1 for the binary hinge, C for Lovász-softmax) repeated in 1 + G
 * blocks. Block 0 is the whole dataset (every image), block 1 + i is group i (its images only: the
 * other blocks get null for them). So series = (1 + G) × inner series, and each block's g is the
 * target weight of that block's pixels. Without groups this is the inner source.
 */
public final class GroupedRunsSource implements GlobalLovasz.ImageRunsSource {
  private static final long serialVersionUID = 1L;

  private final GlobalLovasz.ImageRunsSource inner;
  private final Map<String, Integer> groupIndex;

  /** @param groupIndex group key → i in [0, G); empty without groups */
  public GroupedRunsSource(GlobalLovasz.ImageRunsSource inner, Map<String, Integer> groupIndex) {
    this.inner = inner;
    this.groupIndex = Map.copyOf(groupIndex);
  }

  /** 1 + G. */
  private int blocks() {
    return 1 + groupIndex.size();
  }

  @Override
  public int series() {
    return blocks() * inner.series();
  }

  @Override
  public ImageSource images() {
    return inner.images();
  }

  @Override
  public GlobalLovasz.ImageRunsReader open() {
    GlobalLovasz.ImageRunsReader reader = inner.open();
    int k = inner.series();
    return (pair, below) -> {
      if (groupIndex.isEmpty()) {
        return reader.read(pair, below);
      }
      Integer group = pair.getGroupKey() == null ? null : groupIndex.get(pair.getGroupKey());
      GlobalLovasz.ImageRuns base = reader.read(pair, innerBelow(below, k, group));
      ErrorRuns[] all = new ErrorRuns[series()];
      System.arraycopy(base.series(), 0, all, 0, k);
      if (group != null) {
        System.arraycopy(base.series(), 0, all, (1 + group) * k, k);
      }
      return new GlobalLovasz.ImageRuns(base.pixels(), all);
    };
  }

  /**
   * The inner series' bounds for an image of {@code group} (null: none): the runs both blocks would
   * leave out, so for series c the lesser of the dataset's bound and the group's.
   */
  private static double[] innerBelow(double[] below, int k, Integer group) {
    double[] inner = Arrays.copyOf(below, k);
    for (int c = 0; group != null && c < k; c++) {
      inner[c] = Math.min(inner[c], below[(1 + group) * k + c]);
    }
    return inner;
  }
}
