package io.segeval.jobs.output;

import java.util.Map;

/**
 * The result sections of the whole run or of one {@code --group-by} group, as a stage makes them
 * before they become a {@link Summary} ({@link Summary#of}) or a {@link GroupSummary}
 * ({@link GroupSummary#of}). {@code perClass} and {@code confusionMatrix} are null for a binary run.
 */
public record Results(long images, long pixels, Map<String, Object> dataset, Map<String, Object> perImageMean,
    Map<String, Object> perClass, long[][] confusionMatrix) implements ResultSections {}
