package io.segeval.jobs.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The file {@value #NAME} in a history table's folder: one line, the task whose rows the table
 * holds ({@code binary} or {@code multiclass}; their metric columns differ). The first run to
 * append creates it, create-if-absent, so that of two runs of different tasks appending to a new
 * table at once exactly one wins; every run reads it before it appends. Readers of the table skip
 * it (a name starting with {@code _}). A table made before the marker existed gets it on its next
 * run; until then its task is read from its rows ({@link RunHistory#requireAppendable}).
 */
final class HistoryTaskMarker {
  private HistoryTaskMarker() {}

  static final String NAME = "_segeval-task";

  /**
   * Hadoop's builder option (3.4.2) for an atomic create-if-absent on object stores, where
   * {@code create(path, overwrite=false)} checks first and uploads at close(): with it, S3A sends
   * the upload with {@code If-None-Match: *}, and its close() fails when the object exists. Used
   * where the file system declares it as a path capability (S3A with
   * {@code fs.s3a.create.conditional.enabled}, the default).
   */
  private static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";

  /**
   * How long a reader waits for the line of a marker another run has just created: creating the
   * file and writing its line are two steps (an empty marker for that moment). The line is whole
   * once its line break is there.
   */
  private static final Duration WRITE_WAIT = Duration.ofSeconds(10);

  /** The task {@code table}'s marker names, null when it has none (a new table, or one made before markers). */
  static String read(FileSystem fs, Path table) throws IOException {
    Path marker = new Path(table, NAME);
    long deadline = System.nanoTime() + WRITE_WAIT.toNanos();
    while (true) {
      String line;
      try (FSDataInputStream in = fs.open(marker)) {
        line = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (FileNotFoundException e) {
        return null;
      }
      if (line.endsWith("\n") && !line.isBlank()) {
        return line.strip();
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(marker + " holds no whole line (a run stopped while creating it); delete it when no"
            + " run is appending to " + table);
      }
      pause();
    }
  }

  /**
   * Makes {@code task} the task of {@code table} unless its marker names one already, and returns
   * the table's task: {@code task}, or the other one when another run's marker was there first.
   */
  static String claim(FileSystem fs, Path table, String task) throws IOException {
    if (createIfAbsent(fs, new Path(table, NAME), task)) {
      return task;
    }
    return read(fs, table);
  }

  /**
   * Writes {@code task} into a new {@code marker}, atomically: false when it exists. On the local
   * file system through java.nio ({@code O_CREAT|O_EXCL}), because Hadoop's local
   * {@code create(path, overwrite=false)} checks {@code exists()} first and opens after, so two runs
   * can both pass it; elsewhere through Hadoop (HDFS: the NameNode creates a path once; S3A: the
   * conditional upload, {@link #CONDITIONAL_CREATE}).
   */
  private static boolean createIfAbsent(FileSystem fs, Path marker, String task) throws IOException {
    byte[] line = (task + "\n").getBytes(StandardCharsets.UTF_8);
    fs.mkdirs(marker.getParent());
    RawLocalFileSystem local = rawLocal(fs);
    if (local != null) {
      try {
        Files.write(local.pathToFile(marker).toPath(), line, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    FSDataOutputStreamBuilder<?, ?> create = fs.createFile(marker);
    create.overwrite(false);
    if (fs.hasPathCapability(marker.getParent(), CONDITIONAL_CREATE)) {
      create.must(CONDITIONAL_CREATE, true);
    }
    try (FSDataOutputStream out = create.build()) {
      out.write(line);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(marker)) {
        return false; // S3A's conditional upload refused at close(): another run's marker is there
      }
      throw e;
    }
  }

  /** The raw local file system under {@code fs} ({@code file:}, and the test schemes over it), else null. */
  private static RawLocalFileSystem rawLocal(FileSystem fs) {
    FileSystem raw = fs instanceof FilterFileSystem filter ? filter.getRawFileSystem() : fs;
    return raw instanceof RawLocalFileSystem local ? local : null;
  }

  private static void pause() throws InterruptedIOException {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a history table's " + NAME);
    }
  }
}
