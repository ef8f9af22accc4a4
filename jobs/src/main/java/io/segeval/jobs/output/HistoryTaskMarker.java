package io.segeval.jobs.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The file {@value #NAME} in a history table's folder: one line, the task whose rows the table
 * holds ({@code binary} or {@code multiclass}; their metric columns differ). The first run about to
 * commit its results claims it, create-if-absent, so that of two runs of different tasks making a
 * new table at once exactly one wins; every run reads it before any work. Readers of the table skip
 * it (a name starting with {@code _}). A table made before the marker existed gets it on its next
 * run; until then its task is read from its rows ({@link HistoryTableTask#requireAppendable}).
 *
 * <p>The marker appears with its line in one step: its content is written into a file of its own
 * first ({@link HistoryStaging#markerOf}), which then takes the marker's name only if no marker is
 * there (or, on an object store, the upload itself is conditional). A run killed meanwhile leaves
 * no marker, only that hidden file, which a later run removes ({@link HistoryStaging#removeDead}).
 */
final class HistoryTaskMarker {
  private HistoryTaskMarker() {}

  static final String NAME = "_segeval-task";

  /**
   * Hadoop's builder option (3.4.2) for an atomic create-if-absent on object stores, where
   * {@code create(path, overwrite=false)} checks first and uploads at close(): with it, S3A sends
   * the upload with {@code If-None-Match: *}, and its close() fails when the object exists. Used
   * where the file system declares it as a path capability (S3A with
   * {@code fs.s3a.create.conditional.enabled}, the default). The object appears at close(), whole.
   */
  private static final String CONDITIONAL_CREATE = "fs.option.create.conditional.overwrite";

  /**
   * How long a reader waits for the line of an empty marker: older SegEval builds created the file,
   * then wrote its line, so one of their runs may be between the two, as may a run here on a local
   * mount without hard links. Other markers made as here are never empty. The line is whole once its line break is there.
   */
  private static final Duration LEGACY_WRITE_WAIT = Duration.ofSeconds(10);

  /** The task {@code table}'s marker names, null when it has none (a new table, or one made before markers). */
  static String read(FileSystem fs, Path table) throws IOException {
    Path marker = new Path(table, NAME);
    long deadline = System.nanoTime() + LEGACY_WRITE_WAIT.toNanos();
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
        throw new IOException(marker + " holds no whole line after " + LEGACY_WRITE_WAIT.toSeconds() + " s (a run that"
            + " created it before writing its line stopped in between: an older SegEval, or one on a mount without"
            + " hard links); delete it when no run is appending to " + table);
      }
      pause();
    }
  }

  /**
   * Makes {@code task} the task of {@code table} unless its marker names one already, and returns
   * the table's task: {@code task}, or the other one when another run's marker was there first.
   */
  static String claim(FileSystem fs, Path table, String task) throws IOException {
    String marked = read(fs, table);
    if (marked != null) {
      return marked; // the usual case: the table's first run made it
    }
    if (createIfAbsent(fs, table, task)) {
      return task;
    }
    marked = read(fs, table);
    if (marked == null) {
      throw new IOException(new Path(table, NAME) + " was deleted while this run claimed it");
    }
    return marked;
  }

  /**
   * Makes {@code table}'s marker, holding {@code task}'s line, atomically: false when one exists.
   * Local file system: a hard link to a file holding the line ({@code link()} fails on an existing
   * name; Hadoop's local {@code create(path, overwrite=false)} checks {@code exists()} first and
   * opens after, so two runs can both pass it). An object store that declares
   * {@link #CONDITIONAL_CREATE}: the conditional upload. Else (HDFS): a rename of that file without
   * overwrite, which HDFS's NameNode does in one step and refuses onto an existing name.
   */
  private static boolean createIfAbsent(FileSystem fs, Path table, String task) throws IOException {
    byte[] line = (task + "\n").getBytes(StandardCharsets.UTF_8);
    Path marker = new Path(table, NAME);
    fs.mkdirs(table);
    if (fs.hasPathCapability(table, CONDITIONAL_CREATE)) {
      return uploadIfAbsent(fs, marker, line);
    }
    Path written = HistoryStaging.markerOf(table);
    try {
      RawLocalFileSystem local = rawLocal(fs);
      return local != null ? linkIfAbsent(local, written, marker, line) : renameIfAbsent(fs, written, marker, line);
    } finally {
      HistoryStaging.delete(fs, written); // after a link, or when a step failed; a rename left nothing
    }
  }

  /** Writes {@code line} into {@code written}, flushed to the disk, and links {@code marker} to it unless it exists. */
  private static boolean linkIfAbsent(RawLocalFileSystem local, Path written, Path marker, byte[] line)
      throws IOException {
    java.nio.file.Path file = local.pathToFile(written).toPath();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(line));
      out.force(true); // else a crash of the machine could leave the linked marker empty
    }
    java.nio.file.Path markerFile = local.pathToFile(marker).toPath();
    try {
      Files.createLink(markerFile, file);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
      // A mount without hard links (FAT, some network and FUSE file systems): create the marker
      // itself, O_CREAT|O_EXCL, then write its line; readers wait for the line (LEGACY_WRITE_WAIT).
      return createNewWithLine(markerFile, line);
    }
  }

  /** Creates {@code markerFile} only if absent and writes {@code line} into it: false when it exists. */
  static boolean createNewWithLine(java.nio.file.Path markerFile, byte[] line) throws IOException {
    try (FileChannel out = FileChannel.open(markerFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(line));
      out.force(true);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    }
  }

  /** Writes {@code line} into {@code written} and renames it to {@code marker} unless that exists. */
  private static boolean renameIfAbsent(FileSystem fs, Path written, Path marker, byte[] line) throws IOException {
    try (FSDataOutputStream out = fs.create(written, false)) {
      out.write(line);
    }
    try {
      FileUtil.rename(fs, written, marker, Options.Rename.NONE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /** Uploads {@code line} as {@code marker} with {@link #CONDITIONAL_CREATE}: false when the store refused it. */
  private static boolean uploadIfAbsent(FileSystem fs, Path marker, byte[] line) throws IOException {
    FSDataOutputStreamBuilder<?, ?> create = fs.createFile(marker);
    create.overwrite(false).must(CONDITIONAL_CREATE, true);
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
