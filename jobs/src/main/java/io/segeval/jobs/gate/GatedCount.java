package io.segeval.jobs.gate;

import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.ResultSections;
import java.util.Arrays;
import java.util.List;

/**
 * The counts a quality gate can name beside the metrics, each gated one way only: {@code rejected},
 * the records of the group (or run) skipped as bad, a maximum ({@code --fail-over rejected=0} flags
 * an unfinished checkpoint while every group keeps its results); {@code images}, the images it
 * evaluated, a minimum. Both are defined even when no image was evaluated.
 */
enum GatedCount {
  REJECTED(GroupSummary.REJECTED, QualityGates.Direction.OVER, "the records skipped as bad"),
  IMAGES("images", QualityGates.Direction.UNDER, "the images evaluated");

  private final String key;
  /** The only direction this count is gated in; the other is refused as a metric's wrong one. */
  private final QualityGates.Direction direction;
  private final String meaning;

  GatedCount(String key, QualityGates.Direction direction, String meaning) {
    this.key = key;
    this.direction = direction;
    this.meaning = meaning;
  }

  /** What is counted, for messages: "the records skipped as bad". */
  String meaning() {
    return meaning;
  }

  String key() {
    return key;
  }

  QualityGates.Direction direction() {
    return direction;
  }

  /** The count a gate's metric names, or null when it names a metric. */
  static GatedCount named(String metric) {
    return Arrays.stream(values()).filter(c -> c.key.equals(metric)).findFirst().orElse(null);
  }

  /** Every count's key, for the list of what a gate can name. */
  static List<String> keys() {
    return Arrays.stream(values()).map(GatedCount::key).toList();
  }

  /**
   * This count of {@code r} (the run or a group); {@code rejected}: its skipped records, as
   * {@code summary.json} has them (the run's {@code rejected.count}, a group's {@code rejected}).
   */
  long of(ResultSections r, long rejected) {
    return this == REJECTED ? rejected : r.images();
  }
}
