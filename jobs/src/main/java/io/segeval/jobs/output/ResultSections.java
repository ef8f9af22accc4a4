package io.segeval.jobs.output;

import java.util.Map;

/**
 * The sections of {@code summary.json} that the whole run ({@link Summary}) and each
 * {@code --group-by} group ({@link GroupSummary}) have alike, so that a row of
 * {@code OUTPUT/metrics/} or of the history is built the same way from either; the stages make
 * them as {@link Results}. {@code perClass} and {@code confusionMatrix} are null for a binary run.
 */
public interface ResultSections {
  /** The key of the dataset-wide values, and the start of their paths in messages ({@code dataset.dice}). */
  String DATASET = "dataset";
  /** The key of the means over the images evaluated. */
  String PER_IMAGE_MEAN = "per_image_mean";
  /** The key of the per-class arrays (multiclass). */
  String PER_CLASS = "per_class";

  long images();

  long pixels();

  Map<String, Object> dataset();

  Map<String, Object> perImageMean();

  Map<String, Object> perClass();

  long[][] confusionMatrix();
}
