package io.segeval.jobs.lovasz;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import io.segeval.jobs.io.LocalFileSystemUnderScheme;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * The local file system under the scheme {@code changing:}, where a test makes a file change after
 * its first read: from its second open on, the file cannot be read, or has another file's bytes.
 * SegEval reads an image in the per-image stage, then again for the dataset-wide Lovász sort; this
 * simulates an input that changes (or a read that fails) in between. {@link #register} installs it
 * in a Hadoop configuration; the changes are static, for the test JVM's executors.
 */
public final class ChangingFileSystem extends LocalFileSystemUnderScheme {
  static final String SCHEME = "changing";

  public ChangingFileSystem() {
    super(SCHEME);
  }

  /** A local file's change from its second open on: a failure message, a replacement file, or neither (removed). */
  private record Change(String failure, java.nio.file.Path replacement, boolean fromFirstOpen) {
    Change(String failure, java.nio.file.Path replacement) {
      this(failure, replacement, false);
    }
  }

  private static final Map<String, Change> CHANGES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> OPENS = new ConcurrentHashMap<>();

  static void register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", ChangingFileSystem.class.getName());
  }

  /** {@code file} as a {@code changing:} URI. */
  static String uri(java.nio.file.Path file) {
    return SCHEME + ":" + file.toAbsolutePath();
  }

  /** From its second open on, opening {@code file} fails with an IOException saying {@code message}. */
  static void unreadableAfterFirstRead(java.nio.file.Path file, String message) {
    CHANGES.put(key(file), new Change(message, null));
  }

  /** Every open of {@code file} fails with an IOException saying {@code message}. */
  static void unreadable(java.nio.file.Path file, String message) {
    CHANGES.put(key(file), new Change(message, null, true));
  }

  /** From its second open on, opening {@code file} fails as for a removed file (FileNotFoundException). */
  static void removedAfterFirstRead(java.nio.file.Path file) {
    CHANGES.put(key(file), new Change(null, null));
  }

  /** From its second open on, {@code file} has the bytes of {@code replacement}. */
  static void replacedAfterFirstRead(java.nio.file.Path file, java.nio.file.Path replacement) {
    CHANGES.put(key(file), new Change(null, replacement.toAbsolutePath()));
  }

  static void reset() {
    CHANGES.clear();
    OPENS.clear();
  }

  private static String key(java.nio.file.Path file) {
    return file.toAbsolutePath().toString();
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String file = pathToFile(f).getAbsolutePath();
    Change change = CHANGES.get(file);
    if (change == null
        || (!change.fromFirstOpen() && OPENS.computeIfAbsent(file, k -> new AtomicInteger()).incrementAndGet() == 1)) {
      return super.open(f, bufferSize);
    }
    if (change.failure() != null) {
      throw new IOException(change.failure());
    }
    if (change.replacement() == null) {
      throw new java.io.FileNotFoundException(file + " (No such file or directory)");
    }
    return super.open(new Path(SCHEME, null, change.replacement().toString()), bufferSize);
  }
}
