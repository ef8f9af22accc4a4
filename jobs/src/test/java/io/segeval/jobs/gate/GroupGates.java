package io.segeval.jobs.gate;

import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.GroupSummary;
import java.util.List;

/**
 * The gates one group misses, checked on the group alone: the reference the tests hold the
 * messages of a grouped run's items (its history rows' {@code gates_missed}) against; of 2-D images.
 */
final class GroupGates {
  private GroupGates() {}

  /** The messages of the gates {@code g} misses, in the order given; no group named. */
  static List<String> missedBy(QualityGates gates, GroupSummary g) {
    GateChecker checker = new GateChecker(gates.gates(), Elements.PIXELS);
    return GatesSummary.ofGroup(checker.checkOne(g, g.rejected())).missedMessages();
  }
}
