package io.segeval.jobs.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.segeval.jobs.gate.GatesSummary;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The results of one {@code --group-by} group, an item of {@code summary.json}'s {@code groups}:
 * the group's column values, and the same sections as the whole run's summary over the group's
 * images only (multiclass adds {@code per_class} and {@code confusion_matrix}), and how many of
 * its records were skipped as bad ({@code rejected}; the whole run's {@code rejected} lists them);
 * with quality gates, their outcomes on the group ({@code gates}).
 */
@JsonPropertyOrder({"key", "images", "pixels", GroupSummary.REJECTED, ResultSections.DATASET, ResultSections.PER_IMAGE_MEAN,
    ResultSections.PER_CLASS, "confusion_matrix", "gates"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupSummary(
    @JsonProperty("key") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> key,
    @JsonProperty("images") long images,
    @JsonProperty("pixels") long pixels,
    @JsonProperty(GroupSummary.REJECTED) long rejected,
    @JsonProperty(ResultSections.DATASET) @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> dataset,
    @JsonProperty(ResultSections.PER_IMAGE_MEAN) @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> perImageMean,
    @JsonProperty(ResultSections.PER_CLASS) Map<String, Object> perClass,
    @JsonProperty("confusion_matrix") long[][] confusionMatrix,
    @JsonProperty("gates") GatesSummary gates) implements ResultSections {

  /** A group's results without the gates' outcomes ({@link #withGates} adds them). */
  public GroupSummary(Map<String, String> key, long images, long pixels, long rejected, Map<String, Object> dataset,
      Map<String, Object> perImageMean, Map<String, Object> perClass, long[][] confusionMatrix) {
    this(key, images, pixels, rejected, dataset, perImageMean, perClass, confusionMatrix, null);
  }

  /** This group with the outcomes of the quality gates checked on it. */
  public GroupSummary withGates(GatesSummary gates) {
    return new GroupSummary(key, images, pixels, rejected, dataset, perImageMean, perClass, confusionMatrix, gates);
  }

  /** The key of a group's skipped records, and of the quality gate on them ({@code --fail-over rejected=N}). */
  public static final String REJECTED = "rejected";

  /** How a stage makes one group's results: {@code path} names the group in messages, {@code i} is its index. */
  @FunctionalInterface
  public interface GroupResults<S> {
    Results of(String path, S group, int i);
  }

  /**
   * The item of each of the {@code groups}, in group order: its key values, its skipped records
   * ({@code rejectedByGroup}, by group key) and what {@code results} makes of its state.
   */
  public static <S> List<GroupSummary> of(Groups<S> groups, GroupBy groupBy, Map<String, Long> rejectedByGroup,
      GroupResults<S> results) {
    List<GroupSummary> items = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      Map<String, String> key = groupBy.decode(groups.key(i));
      items.add(of(key, rejectedByGroup.getOrDefault(groups.key(i), 0L),
          results.of("group " + key + " ", groups.group(i), i)));
    }
    return items;
  }

  /** The group of these {@code key} values, with its {@code results} and its skipped records. */
  public static GroupSummary of(Map<String, String> key, long rejected, ResultSections results) {
    return new GroupSummary(key, results.images(), results.pixels(), rejected, results.dataset(),
        results.perImageMean(), results.perClass(), results.confusionMatrix());
  }
}
