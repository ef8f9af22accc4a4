package io.segeval.jobs.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code summary.json}'s {@code gates}, only in a run with gates: whether they {@code passed}
 * (false: exit status 3) and every gate {@code checked} where it was checked, in the order given
 * (the run's, or in each group's item its own); the run's also lists every {@code missed} gate,
 * in the order and with the messages of the stderr lines (of a grouped run: group by group, each
 * with its {@code group}).
 */
@JsonPropertyOrder({"passed", "missed", "checked"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatesSummary(
    @JsonProperty("passed") boolean passed,
    @JsonProperty("missed") List<GateOutcome> missed,
    @JsonProperty("checked") List<GateOutcome> checked) {

  /** The gates of a run without groups: every one checked, the missed ones also in {@code missed}. */
  static GatesSummary ofRun(List<GateOutcome> checked) {
    List<GateOutcome> missed = checked.stream().filter(o -> !o.passed()).toList();
    return new GatesSummary(missed.isEmpty(), missed, List.copyOf(checked));
  }

  /** The gates of one group, checked on it; its missed ones are in the run's {@code missed}. */
  static GatesSummary ofGroup(List<GateOutcome> checked) {
    return new GatesSummary(checked.stream().allMatch(GateOutcome::passed), null, List.copyOf(checked));
  }

  /** The run's gates of a grouped run: the missed ones of every group, in group order. */
  static GatesSummary ofGroups(List<GateOutcome> missed) {
    return new GatesSummary(missed.isEmpty(), List.copyOf(missed), null);
  }

  /** The messages of the missed gates, as stderr and the history's {@code gates_missed} have them. */
  public List<String> missedMessages() {
    List<GateOutcome> outcomes = missed != null ? missed : checked;
    return outcomes.stream().filter(o -> !o.passed()).map(GateOutcome::message).toList();
  }
}
