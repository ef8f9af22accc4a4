package io.segeval.jobs.output;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.segeval.jobs.SegEvalVersion;
import io.segeval.jobs.gate.GatesSummary;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable result of one evaluation: exactly what {@code OUTPUT/summary.json} holds (spec §6)
 * and what tests assert on. Values that are undefined (a zero denominator, a metric not asked for
 * or not computable from the input) are null; a computed value is never NaN nor infinite
 * ({@link #ordered}). Its components mirror the JSON; the stages make one with {@link #of} from the
 * run's {@link RunSettings} and {@link Results}, add the groups with {@link #withGroups} and the
 * outcomes of the quality gates with {@link #withGates} (null, and left out, without gates).
 */
@JsonPropertyOrder({"segeval_version", "task", "input", "num_classes", "ignore_index", "class_names", "images", "pixels",
    "params", "lovasz", ResultSections.DATASET, ResultSections.PER_IMAGE_MEAN, ResultSections.PER_CLASS,
    "confusion_matrix", "not_computable", "rejected", "gates", "group_by", "groups"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(
    @JsonProperty("segeval_version") String version,
    @JsonProperty("task") String task,
    @JsonProperty("input") String input,
    @JsonProperty("num_classes") Integer numClasses,
    @JsonProperty("ignore_index") Integer ignoreIndex,
    @JsonProperty("images") long images,
    @JsonProperty("pixels") long pixels,
    @JsonProperty("params") Map<String, Object> params,
    @JsonProperty("lovasz") String lovasz,
    @JsonProperty(ResultSections.DATASET) @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> dataset,
    @JsonProperty(ResultSections.PER_IMAGE_MEAN) @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> perImageMean,
    @JsonProperty(ResultSections.PER_CLASS) Map<String, Object> perClass,
    @JsonProperty("confusion_matrix") long[][] confusionMatrix,
    @JsonProperty("not_computable") List<String> notComputable,
    @JsonProperty("rejected") Rejected rejected,
    @JsonProperty("class_names") List<String> classNames,
    @JsonProperty("group_by") List<String> groupBy,
    @JsonProperty("groups") List<GroupSummary> groups,
    @JsonProperty("gates") GatesSummary gates,
    @JsonIgnore Elements elements) implements ResultSections {

  /** A summary without the gates' outcomes ({@link #withGates} adds them), of pixels. */
  public Summary(String version, String task, String input, Integer numClasses, Integer ignoreIndex, long images,
      long pixels, Map<String, Object> params, String lovasz, Map<String, Object> dataset,
      Map<String, Object> perImageMean, Map<String, Object> perClass, long[][] confusionMatrix,
      List<String> notComputable, Rejected rejected, List<String> classNames, List<String> groupBy,
      List<GroupSummary> groups) {
    this(version, task, input, numClasses, ignoreIndex, images, pixels, params, lovasz, dataset, perImageMean, perClass,
        confusionMatrix, notComputable, rejected, classNames, groupBy, groups, null, Elements.PIXELS);
  }

  /**
   * {@code elements}: what the console calls what {@code pixels} counts (voxels for volumes); not in
   * summary.json, whose key is {@code pixels} whatever it counts (spec §6).
   */
  public Summary {
    elements = elements == null ? Elements.PIXELS : elements;
  }

  /** How a per-image mean is named outside its section (quality gates, {@code not_computable}). */
  public static final String PER_IMAGE_MEAN_PREFIX = ResultSections.PER_IMAGE_MEAN + ".";

  /**
   * The summary of a run without groups ({@link #withGroups} adds them): its settings, its results
   * and the metrics the input cannot give ({@code notComputable}; none: left out of the JSON).
   */
  public static Summary of(RunSettings run, ResultSections results, List<String> notComputable, Rejected rejected,
      Elements elements) {
    return new Summary(SegEvalVersion.VERSION, run.task(), run.input(), run.numClasses(), run.ignoreIndex(),
        results.images(), results.pixels(), ordered("params", run.params()), run.lovasz(), results.dataset(),
        results.perImageMean(), results.perClass(), results.confusionMatrix(),
        notComputable.isEmpty() ? null : List.copyOf(notComputable), rejected, run.classNames(), null, null, null,
        elements);
  }

  /**
   * Every record was skipped as bad: the run still writes its output, each one listed under
   * {@code rejected} (spec §5), and exits 1, since nothing was evaluated.
   */
  @JsonIgnore
  public boolean nothingEvaluated() {
    return images == 0 && rejected != null && rejected.count() > 0;
  }

  /** This summary with the results of each {@code --group-by} group (in key order). */
  public Summary withGroups(List<String> groupBy, List<GroupSummary> groups) {
    return new Summary(version, task, input, numClasses, ignoreIndex, images, pixels, params, lovasz, dataset,
        perImageMean, perClass, confusionMatrix, notComputable, rejected, classNames, List.copyOf(groupBy),
        List.copyOf(groups), gates, elements);
  }

  /**
   * This summary with the outcomes of the quality gates: the run's {@code gates}, and the
   * {@code groups} (null without grouping) each with its own.
   */
  public Summary withGates(GatesSummary gates, List<GroupSummary> groups) {
    return new Summary(version, task, input, numClasses, ignoreIndex, images, pixels, params, lovasz, dataset,
        perImageMean, perClass, confusionMatrix, notComputable, rejected, classNames, groupBy,
        groups == null ? null : List.copyOf(groups), gates, elements);
  }

  /**
   * The bad records that were skipped: the exact count, the count per kind of reason (numbers in
   * the reason masked as #) and every item (spec §5); {@code items_truncated} is kept for its
   * readers and is false.
   */
  @JsonPropertyOrder({"count", "by_reason", "items", "items_truncated"})
  public record Rejected(
      @JsonProperty("count") long count,
      @JsonProperty("by_reason") Map<String, Long> byReason,
      @JsonProperty("items") List<Item> items,
      @JsonProperty("items_truncated") boolean itemsTruncated) {

    public static final Rejected NONE = new Rejected(0, Map.of(), List.of(), false);
  }

  /**
   * One skipped record; {@code group}: its {@code --group-by} values by column (as a group's
   * {@code key}; null, and left out, without grouping), since the image_id and the file alone do
   * not tell e.g. which prediction folder lacks a file.
   */
  @JsonPropertyOrder({"image_id", "file", "reason", "group"})
  public record Item(
      @JsonProperty("image_id") String imageId,
      @JsonProperty("file") String file,
      @JsonProperty("reason") String reason,
      @JsonProperty("group") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> group) {}

  /**
   * The values of a section ({@code path}: {@code dataset}, {@code per_image_mean}, ...) in
   * insertion order. null stays null (undefined, or not computed); a NaN or infinite value is
   * refused with a {@link NonFiniteResultException} naming it, never written as null.
   */
  public static Map<String, Object> ordered(String path, Map<String, ?> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    values.forEach((k, v) -> m.put(k, NonFiniteResultException.requireFinite(path + "." + k, v)));
    return Collections.unmodifiableMap(m);
  }
}
