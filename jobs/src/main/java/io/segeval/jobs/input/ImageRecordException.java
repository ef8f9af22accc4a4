package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;

/** A bad record tied to its image: the message names the image_id, the file and the reason. */
public final class ImageRecordException extends BadRecordException {
  private static final long serialVersionUID = 1L;

  private final String imageId;
  private final String file;

  public ImageRecordException(String imageId, String file, Reason reason) {
    super("image '" + imageId + "' (" + file + "): " + reason.text(), reason, Side.UNKNOWN, null);
    this.imageId = imageId;
    this.file = file;
  }

  public String imageId() { return imageId; }

  public String file() { return file; }
}
