package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Reads and decodes one input file on an executor, through the Hadoop file system of its URI.
 * One instance per partition. The values are decoded into the caller's array, reused from image
 * to image; the file's bytes go into a new array each time (the codecs take a whole array), which
 * is garbage once decoded.
 */
public final class ImageFiles {
  /** The largest file read: its bytes go into one Java array (2 GiB less a JVM margin). */
  static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

  private final HadoopConf conf;
  private final long maxPixels;

  public ImageFiles(HadoopConf conf, long maxPixels) {
    this.conf = conf;
    this.maxPixels = maxPixels;
  }

  /** Decodes the file into an array whose data may be {@code reuse}. */
  public NdArray decode(String path, long length, double[] reuse) {
    return MaskCodecs.decode(path, read(path, length), maxPixels, reuse);
  }

  /**
   * {@code work} on the file {@code path} of image {@code imageId}, its failure tied to the image: a
   * bad record as the image's {@link ImageRecordException}, a read failure naming the image.
   */
  public static <T> T ofImage(String imageId, String path, Supplier<T> work) {
    try {
      return work.get();
    } catch (BadRecordException e) {
      throw new ImageRecordException(imageId, path, e.why());
    } catch (InputReadException e) {
      throw e.forImage(imageId);
    }
  }

  /**
   * The file's bytes ({@code length} of them, from the listing). A file that is gone, may not be
   * read or ends early is a bad record; any other I/O failure is the storage's, an
   * {@link InputReadException} that fails the task (Spark retries it) and is never skipped.
   */
  public byte[] read(String path, long length) {
    if (length > MAX_FILE_BYTES) {
      // e.g. 8×10000×10000 float32 scores are 3.2 GB; as float16 they are 1.6 GB and read
      throw new BadRecordException(Reason.of("file of {} bytes, more than the {} bytes (2 GiB) SegEval reads into"
          + " memory at once: split the image into tiles, or save float32 scores as float16 (labels as uint8)",
          String.format(Locale.ROOT, "%,d", length), String.format(Locale.ROOT, "%,d", MAX_FILE_BYTES)));
    }
    try {
      byte[] bytes = new byte[(int) length];
      try (InputStream in = open(path)) {
        int off = 0;
        while (off < bytes.length) {
          int r = in.read(bytes, off, bytes.length - off);
          if (r < 0) {
            throw new BadRecordException(Reason.of("file shrank while being read ({} of {} bytes)", off, length));
          }
          off += r;
        }
      }
      return bytes;
    } catch (IOException e) {
      if (isTheFilesOwn(e)) {
        throw new BadRecordException(Reason.of("cannot read the file: {}", e.getMessage()), e);
      }
      throw new InputReadException(path, e);
    }
  }

  /** The file's first {@code n} bytes (all of a shorter one): a header, without reading the rest. */
  byte[] head(String path, int n) throws IOException {
    try (InputStream in = open(path)) {
      return in.readNBytes(n);
    }
  }

  /** The file, opened through the Hadoop file system of its URI. */
  private InputStream open(String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf.get());
    if (fs instanceof ChecksumFileSystem checksummed) {
      // file: looks for a ".<name>.crc" beside every file it opens, and cannot even name it when
      // the name holds a ':' (cam1_12:00.npy); Hadoop writes those for its own files, and the
      // inputs are checked by their formats (PNG CRCs, NPY sizes)
      fs = checksummed.getRawFileSystem();
    }
    return fs.open(p);
  }

  /**
   * Whether a read failure is the file's own, the same at every attempt: it is gone (removed since
   * listed; the local file system says so for a file it may not open, too), reading it is not
   * permitted, or it ends before its listed length.
   */
  static boolean isTheFilesOwn(IOException e) {
    return e instanceof FileNotFoundException || e instanceof AccessControlException
        || e instanceof AccessDeniedException || e instanceof EOFException;
  }
}
