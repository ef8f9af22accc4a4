package io.segeval.jobs.input;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An input file that could not be read for a reason of the storage, not of the file: the
 * connection was reset, a DataNode timed out, the object store throttled. Unlike a
 * {@link io.segeval.codec.BadRecordException} it is never skipped, under {@code --on-bad-record
 * skip} either: it fails the task, which Spark retries ({@code spark.task.maxFailures}, 4 on a
 * cluster, 1 with a {@code local} master), so that a passing hiccup does not change the dataset's
 * numbers; one that lasts stops the run with this message. A file that is gone or that may not be
 * read ({@link ImageFiles#isTheFilesOwn}) stays a bad record.
 */
public final class InputReadException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public InputReadException(String file, IOException cause) {
    this(null, file, cause);
  }

  private InputReadException(String imageId, String file, IOException cause) {
    super((imageId == null ? "" : "image '" + imageId + "' ") + "(" + file + "): cannot read the file: "
        + cause.getMessage() + " (a read failure, not a bad record: it fails the task, which Spark retries up to"
        + " spark.task.maxFailures times, and is never skipped)", cause);
    this.file = file;
  }

  /** The same failure, naming the image whose file it is. */
  public InputReadException forImage(String imageId) {
    return new InputReadException(imageId, file, getCause());
  }

  public String file() {
    return file;
  }
}
