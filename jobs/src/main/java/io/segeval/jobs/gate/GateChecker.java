package io.segeval.jobs.gate;

import io.segeval.jobs.gate.QualityGates.Gate;
import io.segeval.jobs.input.GroupBy;
import io.segeval.jobs.output.Elements;
import io.segeval.jobs.output.GroupSummary;
import io.segeval.jobs.output.ResultSections;
import io.segeval.jobs.output.Summary;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks gates against a run's results: without {@code --group-by} the run's, with it each
 * group's. Each gate reads its value (a count, a dataset value, a per-image mean or one class's
 * value) and passes or misses, a missed one with its message ({@link GateMessages}), which calls
 * the run's elements as the console does ({@code elements}: voxels for a dataset of volumes).
 */
final class GateChecker {
  private final List<Gate> gates;
  private final Elements elements;

  GateChecker(List<Gate> gates, Elements elements) {
    this.gates = gates;
    this.elements = elements;
  }

  /**
   * {@code summary} with the outcome of every gate, as {@code summary.json} records them: without
   * {@code --group-by} the run's; with it each group's in the group's item, and the missed ones of
   * every group in the run's {@code gates.missed}, group by group, each message ending with
   * " (group split=val)".
   */
  Summary withOutcomes(Summary summary) {
    if (summary.groups() == null) {
      return summary.withGates(GatesSummary.ofRun(checkOne(summary, summary.rejected().count())), null);
    }
    List<GroupSummary> groups = new ArrayList<>();
    List<GateOutcome> missed = new ArrayList<>();
    for (GroupSummary g : summary.groups()) {
      List<GateOutcome> checked = checkOne(g, g.rejected());
      groups.add(g.withGates(GatesSummary.ofGroup(checked)));
      String inGroup = " (group " + GroupBy.label(g.key()).text() + ")";
      checked.stream().filter(o -> !o.passed()).forEach(o -> missed.add(o.inGroup(g.key(), inGroup)));
    }
    return summary.withGates(GatesSummary.ofGroups(missed), groups);
  }

  /**
   * Every gate checked on {@code r} (the run or a group, with its {@code rejected} records), in the
   * order given; a missed one with its message, which names no group. With no image evaluated
   * (every one skipped as a bad record) every gate on a metric misses: the soft scores of no pixels
   * are 1 by their smoothing, which must not let an empty checkpoint pass; a count is still read.
   */
  List<GateOutcome> checkOne(ResultSections r, long rejected) {
    return gates.stream().map(gate -> check(gate, r, rejected)).toList();
  }

  private GateOutcome check(Gate gate, ResultSections r, long rejected) {
    GatedCount count = GatedCount.named(gate.metric());
    if (r.images() == 0 && count == null) {
      return missed(gate, null, GateMessages.NO_IMAGE, GateMessages.noImage(gate));
    }
    Object v = count != null ? (Object) count.of(r, rejected) : valueOf(gate, r);
    if (v == null) {
      String why = GateMessages.undefined(gate, r, elements);
      return missed(gate, null, why, GateMessages.isNull(gate, why));
    }
    double value = ((Number) v).doubleValue();
    if (!gate.direction().misses(value, gate.limit())) {
      return new GateOutcome(gate.metric(), gate.direction(), gate.limitNumber(), v, null, true, null, null);
    }
    return missed(gate, v, null, GateMessages.missed(gate, value));
  }

  /** {@code gate} missed: the {@code value} read (null, with the {@code reason}, when there is none). */
  private static GateOutcome missed(Gate gate, Object value, String reason, String message) {
    return new GateOutcome(gate.metric(), gate.direction(), gate.limitNumber(), value, reason, false, null, message);
  }

  /** The gated value in the run's or group's sections; null when undefined. */
  private static Object valueOf(Gate gate, ResultSections r) {
    if (gate.perClass() != null) {
      if (gate.classId() == null) {
        throw new IllegalStateException(gate.named() + ": its class was not resolved (QualityGates.withClassIds)");
      }
      Object[] values = (Object[]) r.perClass().get(gate.perClass().key());
      return values[gate.classId()];
    }
    return gate.metric().startsWith(GateMetrics.PER_IMAGE_MEAN)
        ? r.perImageMean().get(gate.metric().substring(GateMetrics.PER_IMAGE_MEAN.length()))
        : r.dataset().get(gate.metric());
  }
}
