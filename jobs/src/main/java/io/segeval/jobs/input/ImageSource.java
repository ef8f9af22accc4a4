package io.segeval.jobs.input;

import io.segeval.codec.MaskCodecs;
import java.io.Serializable;

/**
 * Where the images of a run come from, as the executors need it: the Hadoop configuration (for
 * files), the pixel limit, and for a table whose input kind was inferred from its first row, which
 * codec that row's prediction used. {@link #open} makes the per-partition {@link ImageDecoder}.
 * The map stages and the dataset-wide Lovász take one of these, whatever the input.
 *
 * @param inferredPredCodec NPY or PNG when {@code --input} was inferred from the first table
 *     row's prediction bytes (a row with the other codec is then a bad record), else null
 * @param targetLabels how decoded target values become class ids ({@code --reduce-zero-label})
 */
public record ImageSource(HadoopConf hadoopConf, long maxPixels, MaskCodecs.FileType inferredPredCodec,
    TargetLabels targetLabels) implements Serializable {

  public ImageSource(HadoopConf hadoopConf, long maxPixels, MaskCodecs.FileType inferredPredCodec) {
    this(hadoopConf, maxPixels, inferredPredCodec, TargetLabels.AS_STORED);
  }

  public static ImageSource files(HadoopConf hadoopConf, long maxPixels) {
    return new ImageSource(hadoopConf, maxPixels, null);
  }

  /** The same images, their targets mapped by {@code labels}. */
  public ImageSource withTargetLabels(TargetLabels labels) {
    return new ImageSource(hadoopConf, maxPixels, inferredPredCodec, labels);
  }

  /** A decoder with its own buffers, for one partition. */
  public ImageDecoder open() {
    return new ImageDecoder(this);
  }
}
