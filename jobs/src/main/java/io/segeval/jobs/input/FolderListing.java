package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import java.io.File;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files below an input folder, recursively, listed with Hadoop's {@code FileSystem} (file
 * contents are not read), each with its image_id. Names Spark's file sources treat as hidden are
 * skipped the same way: a file or folder whose name starts with {@code .} or {@code _}
 * ({@code _SUCCESS}, {@code .crc} files, {@code _temporary/}; a {@code _} name with {@code =} is a
 * partition folder, which Spark reads), and files ending in {@code ._COPYING_}; how many, and which,
 * the log says ({@link HiddenEntries}), so that an image id does not disappear unseen.
 */
final class FolderListing {
  static final String NOT_A_FILE = "cannot read the file: not a regular file (a named pipe, device or socket)";

  private final FileSystem fs;
  /** The folder listed, qualified: the image_ids are the paths below it. */
  private final String root;
  private final List<InputFile> files = new ArrayList<>();
  private final HiddenEntries hidden = new HiddenEntries();

  private FolderListing(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root.toString();
  }

  /**
   * The files under the folder {@code root} (qualified by {@code fs}), hidden names skipped and
   * logged under {@code uri}, sorted by image_id, then path ({@link InputFile#BY_IMAGE_ID}).
   */
  static List<InputFile> of(FileSystem fs, Path root, String uri) throws IOException {
    FolderListing listing = new FolderListing(fs, root);
    if ("file".equals(fs.getScheme())) {
      listing.addWalking(root, new ArrayDeque<>());
    } else {
      listing.addFlat(root);
    }
    listing.hidden.log(uri);
    listing.files.sort(InputFile.BY_IMAGE_ID);
    return listing.files;
  }

  /**
   * Object stores and HDFS: {@code listFiles(root, true)}, which S3A and others answer with one
   * flat paged listing of every key below the root, however deep the folders.
   */
  private void addFlat(Path dir) throws IOException {
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus status = it.next();
      String path = status.getPath().toString();
      if (!skippedAsHidden(path)) {
        files.add(new InputFile(InputFile.imageIdOf(root, path), path, status.getLen()));
      }
    }
  }

  /**
   * The local file system: a walk with {@code listStatusIterator}, because its
   * {@code LocatedFileStatus} copies the permissions, which it loads by running {@code ls} once per
   * file (seconds for a thousand files). Hadoop leaves out an entry it cannot stat (a symbolic link
   * to nothing) without a word: such entries are listed as unreadable, by the folder's own names, as
   * are named pipes, devices and sockets (read, a pipe would block the run).
   * Linked folders are followed; one that leads back to a folder being walked is an error.
   *
   * @param walking the real paths of the folders from the root down to {@code dir}'s parent
   */
  private void addWalking(Path dir, Deque<java.nio.file.Path> walking) throws IOException {
    // through File: Path.of(URI) refuses a URI whose path holds non-ASCII characters (a folder Müller/),
    // which Hadoop's URIs keep unescaped
    java.nio.file.Path real = new File(dir.toUri()).toPath().toRealPath();
    if (walking.contains(real)) {
      throw new BadRecordException(Reason.of(
          "the symbolic link {} leads back to {}, a folder above it: the input folder has a cycle", dir, real));
    }
    walking.push(real);
    List<String> listed = new ArrayList<>();
    RemoteIterator<FileStatus> it = fs.listStatusIterator(dir);
    while (it.hasNext()) {
      FileStatus status = it.next();
      listed.add(status.getPath().getName());
      String path = status.getPath().toString();
      if (skippedAsHidden(path)) {
        continue; // a hidden folder counts once, unread
      }
      if (status.isDirectory()) {
        addWalking(status.getPath(), walking);
      } else if (status.getLen() == 0 && !new File(status.getPath().toUri()).isFile()) {
        // Hadoop lists a named pipe, device or socket as an empty file; opening a pipe waits for a
        // writer, forever (only an empty entry is checked: their size is 0, and a stat per file costs)
        files.add(InputFile.unreadable(InputFile.imageIdOf(root, path), path, NOT_A_FILE));
      } else {
        files.add(new InputFile(InputFile.imageIdOf(root, path), path, status.getLen()));
      }
    }
    addUnreadable(dir, listed);
    walking.pop();
  }

  /** The entries of {@code dir} Hadoop left out, unable to stat them: links to nothing, files just removed. */
  private void addUnreadable(Path dir, List<String> listed) {
    File folder = new File(dir.toUri());
    String[] names = folder.list();
    if (names == null || names.length == listed.size()) {
      return; // Hadoop listed every entry
    }
    Set<String> seen = new HashSet<>(listed);
    for (String name : names) {
      String path = new Path(new File(folder, name).toURI()).toString();
      if (!seen.contains(name) && !skippedAsHidden(path)) {
        files.add(InputFile.unreadable(InputFile.imageIdOf(root, path), path,
            "cannot read the file: a symbolic link to nothing, or removed while listed"));
      }
    }
  }

  /** Whether a path below the root is hidden, counted as skipped if it is. */
  private boolean skippedAsHidden(String path) {
    String rel = relative(path);
    if (!hidden(rel)) {
      return false;
    }
    hidden.add(rel);
    return true;
  }

  /** A path below the root, without the root and the slash after it. */
  private String relative(String path) {
    String rel = path.startsWith(root) ? path.substring(root.length()) : path;
    return rel.startsWith("/") ? rel.substring(1) : rel;
  }

  /** Whether a path below the root has a component Spark's file sources skip. */
  private static boolean hidden(String rel) {
    if (rel.endsWith("._COPYING_")) {
      return true;
    }
    for (String name : rel.split("/")) {
      if (name.startsWith(".") || (name.startsWith("_") && !name.contains("="))) {
        return true;
      }
    }
    return false;
  }
}
