package io.segeval.jobs.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The OUTPUT folder of a run, on any Hadoop file system, written through a staging folder beside
 * it: everything (per_image/ first, summary.json last) goes to the staging folder, and
 * {@link #commit} moves it into place with renames. An existing OUTPUT is an error unless
 * overwrite is on, and it is left untouched until the new output is complete.
 */
public final class OutputDir {
  private final FileSystem fs;
  private final Path output;
  private final Path staging;
  private final boolean overwrite;

  private OutputDir(FileSystem fs, Path output, boolean overwrite) {
    this.fs = fs;
    this.output = output;
    this.overwrite = overwrite;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.staging = new Path(output.getParent(), "." + output.getName() + ".segeval-staging-" + id);
  }

  /** Checks OUTPUT (exists without overwrite: error) and prepares the staging folder. */
  public static OutputDir prepare(String uri, boolean overwrite, Configuration conf) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf);
      Path output = fs.makeQualified(p);
      if (fs.exists(output) && !overwrite) {
        throw new OutputExistsException(
            "output " + uri + " already exists; pass --overwrite to replace it (it is left untouched)");
      }
      OutputDir dir = new OutputDir(fs, output, overwrite);
      fs.mkdirs(output.getParent());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Where a part of the output is staged, e.g. {@code staged("per_image")}. */
  public String staged(String name) {
    return new Path(staging, name).toString();
  }

  public String uri() {
    return output.toString();
  }

  public void writeStaged(String name, String text) {
    try (OutputStream out = fs.create(new Path(staging, name), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
    }
  }

  /** Moves the complete staged output into place (the old one, if any, goes only after). */
  public void commit() {
    try {
      fs.mkdirs(staging);
      Path old = null;
      if (fs.exists(output)) {
        if (!overwrite) {
          throw new OutputExistsException("output " + output + " appeared while the job ran; not replaced");
        }
        old = new Path(output.getParent(), "." + output.getName() + ".segeval-old-" + UUID.randomUUID().toString().substring(0, 8));
        rename(output, old);
      }
      rename(staging, output);
      if (old != null) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit output " + output + ": " + e.getMessage(), e);
    }
  }

  /** Removes the staging folder after a failure. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException ignored) {
      // Best effort: a leftover staging folder is hidden and harmless.
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /** OUTPUT exists and {@code --overwrite} was not given. */
  public static final class OutputExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputExistsException(String message) {
      super(message);
    }
  }
}
