package io.segeval.jobs.output;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The OUTPUT folder of a run, on any Hadoop file system, written so that a run killed at any
 * moment leaves either the complete old output or the complete new one, never a mix.
 *
 * <p>Protocol: everything (per_image/, rejected/, metrics/, then summary.json last) is written to a hidden
 * staging folder beside OUTPUT. {@link #commit} then renames OUTPUT to the hidden "previous"
 * folder, renames the staging folder to OUTPUT and deletes the previous one. A run killed before
 * the first rename leaves the old OUTPUT untouched (and a staging folder that the next run
 * removes). Killed between the two renames, OUTPUT is briefly absent but both complete versions
 * are on disk; the next run's {@link #prepare} puts the old one back (the new one never got
 * committed). Killed after the second rename, the new OUTPUT is complete and the next run deletes
 * the leftover previous folder. A staging folder is removed by a later run only once nothing in it
 * changed for {@link Abandoned#AFTER}: a fresher one may be another run's that is still writing
 * into the same OUTPUT, and removing it would make that run commit an output without what it had
 * staged ({@link #commit} checks that every staged part is still there). An existing OUTPUT is a usage error (exit 2) unless overwrite is on, and
 * overwrite replaces only an earlier output of the same kind or an empty folder
 * ({@link #requireReplaceable}).
 *
 * <p>A complete output is told by its last file: {@code summary.json} for an evaluation, Spark's
 * {@code _SUCCESS} for an output that is one table ({@link #prepareTable}, {@code segeval pack}).
 */
public final class OutputDir {
  private static final Logger LOG = LogManager.getLogger(OutputDir.class);
  private static final String STAGING = ".segeval-staging-";
  private static final String PREVIOUS = ".segeval-previous";
  /** The summary's file name; its presence marks a complete evaluation output. */
  public static final String SUMMARY = "summary.json";
  private static final String EVALUATION_DONE = SUMMARY;
  private static final String TABLE_DONE = "_SUCCESS";

  private final FileSystem fs;
  private final Path output;
  private final Path staging;
  private final boolean overwrite;
  /** What this run staged, each checked before the commit. */
  private final Set<Path> stagedParts = new LinkedHashSet<>();

  private OutputDir(FileSystem fs, Path output, boolean overwrite) {
    this.fs = fs;
    this.output = output;
    this.overwrite = overwrite;
    this.staging = sibling(output, STAGING + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Recovers from an interrupted earlier commit, checks OUTPUT and prepares the staging folder. */
  public static OutputDir prepare(String uri, boolean overwrite, Configuration conf) {
    return prepare(uri, overwrite, conf, Map.of());
  }

  /**
   * As {@link #prepare(String, boolean, Configuration)}, and refuses an OUTPUT that is, contains or
   * lies inside one of {@code apart} (label → URI, e.g. {@code "--pred p/"} → {@code p/}): replacing
   * OUTPUT would delete that input, and results inside an input folder would be read as input.
   */
  public static OutputDir prepare(String uri, boolean overwrite, Configuration conf, Map<String, String> apart) {
    return prepare(uri, overwrite, conf, apart, EVALUATION_DONE);
  }

  /** The same for an output that is one table, written by Spark to {@link #stagedTable()}. */
  public static OutputDir prepareTable(String uri, boolean overwrite, Configuration conf, Map<String, String> apart) {
    return prepare(uri, overwrite, conf, apart, TABLE_DONE);
  }

  private static OutputDir prepare(String uri, boolean overwrite, Configuration conf, Map<String, String> apart,
      String doneFile) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf);
      Path output = fs.makeQualified(p);
      for (Map.Entry<String, String> other : apart.entrySet()) {
        Path o = new Path(other.getValue());
        String overlap = overlap(output, o.getFileSystem(conf).makeQualified(o));
        if (overlap != null) {
          throw new UsageException("--output " + uri + " " + overlap + " " + other.getKey()
              + "; choose an output folder apart from the inputs (--overwrite would delete them)");
        }
      }
      recover(fs, output, doneFile);
      if (fs.exists(output)) {
        if (!overwrite) {
          // refused before any work, as an OUTPUT inside an input: a bad command line (exit 2)
          throw new UsageException("--output " + uri + " already exists; pass --overwrite to replace it,"
              + " or choose another --output (it is left untouched)");
        }
        requireReplaceable(fs, output, uri, doneFile);
      }
      fs.mkdirs(output.getParent());
      return new OutputDir(fs, output, overwrite);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output " + uri + ": " + e.getMessage(), e);
    }
  }

  /** How many of an unexpected OUTPUT's names a refusal shows. */
  private static final int NAMES_SHOWN = 5;

  /**
   * {@code --overwrite} replaces what a SegEval run wrote, or an empty folder, and nothing else: a
   * file, a home folder or any other folder given as OUTPUT by mistake stays, with a usage error.
   * An evaluation's output is told by its summary.json; a table by Spark's {@code _SUCCESS}, or
   * by holding Parquet part files only (besides hidden names).
   */
  static void requireReplaceable(FileSystem fs, Path output, String uri, String doneFile) throws IOException {
    boolean table = TABLE_DONE.equals(doneFile);
    String kind = table ? "a Parquet table" : "a SegEval output (a folder with " + EVALUATION_DONE + ")";
    String fix = "; --overwrite replaces only " + (table ? "a table" : "an earlier SegEval output")
        + " or an empty folder: choose another --output, or remove it yourself";
    if (!fs.getFileStatus(output).isDirectory()) {
      throw new UsageException("--output " + uri + " is a file, not " + kind + fix);
    }
    if (fs.exists(new Path(output, doneFile))) {
      return;
    }
    List<String> names = new ArrayList<>();
    boolean onlyParquetParts = true;
    RemoteIterator<FileStatus> it = fs.listStatusIterator(output);
    while (it.hasNext()) {
      FileStatus entry = it.next();
      String name = entry.getPath().getName();
      if (names.size() <= NAMES_SHOWN) {
        names.add(entry.isDirectory() ? name + "/" : name);
      }
      boolean hidden = name.startsWith(".") || name.startsWith("_");
      onlyParquetParts &= hidden || entry.isFile() && name.startsWith("part-") && name.endsWith(".parquet");
      if (names.size() > NAMES_SHOWN && !(table && onlyParquetParts)) {
        break; // enough to refuse it, without listing a large folder
      }
    }
    if (names.isEmpty() || table && onlyParquetParts) {
      return;
    }
    List<String> sorted = names.subList(0, Math.min(NAMES_SHOWN, names.size())).stream().sorted().toList();
    String shown = String.join(", ", sorted) + (names.size() > NAMES_SHOWN ? ", ..." : "");
    throw new UsageException("--output " + uri + " exists and is not " + kind + ": it holds " + shown + fix);
  }

  /** Finishes or undoes a commit that was interrupted, and removes abandoned staging folders. */
  static void recover(FileSystem fs, Path output, String doneFile) throws IOException {
    Path previous = sibling(output, PREVIOUS);
    if (fs.exists(previous)) {
      if (fs.exists(new Path(output, doneFile))) {
        fs.delete(previous, true); // the new output was committed; the old one was not yet deleted
      } else {
        fs.delete(output, true);
        rename(fs, previous, output); // the new output never got in place: put the old one back
      }
    }
    Path parent = output.getParent();
    if (fs.exists(parent)) {
      Instant now = Instant.now();
      for (FileStatus s : fs.listStatus(parent)) {
        if (!s.getPath().getName().startsWith("." + output.getName() + STAGING)) {
          continue;
        }
        if (Abandoned.isAbandoned(fs, s, now)) {
          fs.delete(s.getPath(), true);
        } else {
          LOG.warn("another run is writing to {} (its staging folder {} changed in the last {} h): the run that"
              + " finishes last replaces the other's output; give each run an --output of its own, or run them one"
              + " at a time", output, s.getPath().getName(), Abandoned.AFTER.toHours());
        }
      }
    }
  }

  /** Where a part of the output is staged, e.g. {@code staged("per_image")}. */
  public String staged(String name) {
    Path part = new Path(staging, name);
    stagedParts.add(part);
    return part.toString();
  }

  /** Where a table that is the whole output is staged (it must not exist before Spark writes it). */
  public String stagedTable() {
    stagedParts.add(staging);
    return staging.toString();
  }

  public String uri() {
    return output.toString();
  }

  public void writeStaged(String name, String text) {
    Path file = new Path(staging, name);
    stagedParts.add(file);
    try (OutputStream out = fs.create(file, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
    }
  }

  /** Moves the complete staged output into place (see the class comment for the protocol). */
  public void commit() {
    try {
      requireStagedParts();
      fs.mkdirs(staging);
      Path previous = sibling(output, PREVIOUS);
      boolean replacing = fs.exists(output);
      if (replacing) {
        if (!overwrite) {
          throw new OutputExistsException("output " + output + " appeared while the job ran; not replaced");
        }
        rename(fs, output, previous);
      }
      rename(fs, staging, output);
      if (replacing) {
        fs.delete(previous, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit output " + output + ": " + e.getMessage(), e);
    }
  }

  /** Refuses to commit when a part this run staged is gone (its staging folder removed by someone else). */
  private void requireStagedParts() throws IOException {
    for (Path part : stagedParts) {
      if (!fs.exists(part)) {
        throw new IOException(part.getName() + " staged in " + staging + " is gone: the staging folder was removed while"
            + " this run ran (by hand, or by an older SegEval starting on the same --output); " + output
            + " is left as it was: run again");
      }
    }
  }

  /** Removes the staging folder after a failure. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException ignored) {
      // Best effort: a leftover staging folder is hidden, and the next run removes it.
    }
  }

  /**
   * How the qualified path {@code output} overlaps {@code other} ("is", "contains", "is inside"),
   * or null when apart; also for two input folders ({@code InputFoldersApart}).
   */
  public static String overlap(Path output, Path other) {
    URI a = output.toUri();
    URI b = other.toUri();
    if (!Objects.equals(a.getScheme(), b.getScheme()) || !Objects.equals(a.getAuthority(), b.getAuthority())) {
      return null;
    }
    String pa = withSlash(a.getPath());
    String pb = withSlash(b.getPath());
    return pa.equals(pb) ? "is" : pb.startsWith(pa) ? "contains" : pa.startsWith(pb) ? "is inside" : null;
  }

  private static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }

  private static Path sibling(Path output, String suffix) {
    return new Path(output.getParent(), "." + output.getName() + suffix);
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /** OUTPUT appeared while the job ran (it did not exist when the run began): a failure, exit 1. */
  public static final class OutputExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputExistsException(String message) {
      super(message);
    }
  }
}
