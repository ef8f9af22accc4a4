package io.segeval.jobs.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One gate as checked on the run or on one group, an item of {@code summary.json}'s
 * {@code gates}: the metric as the gate option names it, the option's {@code kind}, the
 * {@code limit}, the {@code value} the gate read (a count as a whole number; null when it has none,
 * with the {@code reason}), whether it {@code passed}, and for a missed gate its {@code message},
 * the text of its stderr line and of {@code gates_missed}. {@code group}: the group's key values,
 * only in the run's list of missed gates of a grouped run (where the message names the group too).
 */
@JsonPropertyOrder({"metric", "kind", "limit", "value", "reason", "passed", "group", "message"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateOutcome(
    @JsonProperty("metric") String metric,
    @JsonProperty("kind") QualityGates.Direction kind,
    @JsonProperty("limit") Number limit,
    @JsonProperty("value") @JsonInclude(JsonInclude.Include.ALWAYS) Object value,
    @JsonProperty("reason") String reason,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("group") Map<String, String> group,
    @JsonProperty("message") String message) {

  /** This missed gate as the run lists it: with the group's key, its message naming the group as stderr does. */
  GateOutcome inGroup(Map<String, String> key, String groupSuffix) {
    return new GateOutcome(metric, kind, limit, value, reason, passed, key, message + groupSuffix);
  }
}
