package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;

/** A bad record tied to its image: the message names the image_id, the file and the reason. */
public final class ImageRecordException extends BadRecordException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public ImageRecordException(String imageId, String file, Reason reason) {
    super("image '" + imageId + "' (" + file + "): " + reason.text(), reason, Side.UNKNOWN, null);
    this.file = file;
  }

  /** {@code e}, refused while evaluating {@code pair}, as the bad record of the file it is about ({@link #fileOf}). */
  public static ImageRecordException of(ImagePair pair, BadRecordException e) {
    return new ImageRecordException(pair.getImageId(), fileOf(pair, e), e.why());
  }

  /**
   * The pair's problem ({@link ImagePair#problemReason}) as its bad record, naming
   * {@link ImagePair#problemFile}; call only for a pair that has one.
   */
  public static ImageRecordException ofProblem(ImagePair pair) {
    return new ImageRecordException(pair.getImageId(), pair.problemFile(), pair.problemReason());
  }

  /**
   * The file (or cell) of {@code pair} that {@code e} is about: the one it names if it is already
   * tied to a file, else the target's for a target value, the prediction's otherwise.
   */
  public static String fileOf(ImagePair pair, BadRecordException e) {
    if (e instanceof ImageRecordException r) {
      return r.file();
    }
    return e.side() == Side.TARGET ? pair.getTargetPath() : pair.getPredPath();
  }

  public String file() { return file; }
}
