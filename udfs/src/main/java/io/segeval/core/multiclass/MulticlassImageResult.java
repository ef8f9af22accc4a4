package io.segeval.core.multiclass;

/**
 * One image's values for its per-image row ({@code OUTPUT/per_image/}), under the key names of
 * {@code expected.json}'s {@code per_image}. A value that cannot be computed is {@code null}: all
 * three when every pixel is ignored, and {@code ce} for label-map predictions. A value is never
 * NaN or infinite: {@code aacc} and {@code miou} are ratios of counts, and an image whose
 * cross-entropy is not finite is refused ({@link MulticlassCounts#update}).
 *
 * @param pixels non-ignored pixels of the image
 * @param ignored pixels whose target is the ignore index
 * @param ce mean cross-entropy over the non-ignored pixels, −(1/n) Σ log p_t
 * @param aacc pixel accuracy, trace(M_image) / n
 * @param miou mean over classes with row_c + col_c − M[c][c] > 0 in this image of that class's IoU
 */
public record MulticlassImageResult(long pixels, long ignored, Double ce, Double aacc, Double miou) {}
