package io.segeval.jobs.lovasz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupedRunsSource}: an image's runs go to the dataset's block and its group's, and the
 * inner reader may leave out before sorting only what both blocks leave out (the lesser bound of
 * the two; a series not sorted bounds nothing, {@link BucketCutter#readerBounds}).
 */
class GroupedRunsSourceTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  /** Two series; remembers the bounds it was last given. */
  private static final class Inner implements GlobalLovasz.ImageRunsSource {
    private static final long serialVersionUID = 1L;
    static double[] given;
    static final ErrorRuns[] RUNS = {
      ErrorRuns.fromSorted(new double[] {0.5}, new double[] {1}, 1),
      ErrorRuns.fromSorted(new double[] {0.25}, new double[] {0}, 1)
    };

    @Override
    public int series() {
      return 2;
    }

    @Override
    public GlobalLovasz.ImageRunsReader open() {
      return (pair, below) -> {
        given = below.clone();
        return new GlobalLovasz.ImageRuns(4, RUNS);
      };
    }

    @Override
    public ImageSource images() {
      return new ImageSource(null, 10, null);
    }
  }

  private static ImagePair image(String group) {
    ImagePair pair = new ImagePair();
    pair.setImageId("a");
    pair.setGroupKey(group);
    return pair;
  }

  @Test
  void anImageOfAGroupIsReadWithTheLesserBoundOfItsTwoBlocks() {
    GroupedRunsSource source = new GroupedRunsSource(new Inner(), Map.of("x", 0, "y", 1));
    // blocks: dataset (series 0, 1), group x (2, 3), group y (4, 5)
    double[] keepFrom = {0.2, 0.3, 0.1, 0.0, 0.4, 0.6};
    boolean[] sorted = {true, true, true, false, true, true};
    double[] below = BucketCutter.readerBounds(sorted, keepFrom);
    assertArrayEquals(new double[] {0.2, 0.3, 0.1, INF, 0.4, 0.6}, below);

    GlobalLovasz.ImageRuns x = source.open().read(image("x"), below);
    assertArrayEquals(new double[] {0.1, 0.3}, Inner.given); // series 3 is not sorted: 0.3 stays
    assertSame(Inner.RUNS[0], x.series()[0]);
    assertSame(Inner.RUNS[1], x.series()[3]);
    assertNull(x.series()[4]);

    GlobalLovasz.ImageRuns y = source.open().read(image("y"), below);
    assertArrayEquals(new double[] {0.2, 0.3}, Inner.given);
    assertSame(Inner.RUNS[0], y.series()[4]);
    assertNull(y.series()[2]);

    source.open().read(image(null), below);
    assertArrayEquals(new double[] {0.2, 0.3}, Inner.given, "no group: the dataset's bounds");
  }

  @Test
  void withoutGroupsTheBoundsPassThrough() {
    GroupedRunsSource source = new GroupedRunsSource(new Inner(), Map.of());
    source.open().read(image(null), new double[] {0.5, 0});
    assertArrayEquals(new double[] {0.5, 0}, Inner.given);
  }
}
