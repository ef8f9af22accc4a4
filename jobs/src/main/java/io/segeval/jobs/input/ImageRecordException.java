package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;

/** A bad record tied to its image: the message names the image_id, the file and the reason. */
public final class ImageRecordException extends BadRecordException {
  private static final long serialVersionUID = 1L;

  private final String imageId;
  private final String file;
  private final String bareReason;

  public ImageRecordException(String imageId, String file, String reason) {
    super("image '" + imageId + "' (" + file + "): " + reason);
    this.imageId = imageId;
    this.file = file;
    this.bareReason = reason;
  }

  public String imageId() { return imageId; }

  public String file() { return file; }

  @Override
  public String reason() { return bareReason; }
}
