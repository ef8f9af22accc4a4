package io.segeval.jobs.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under a scheme of a test's own ({@code flaky:}, {@code changing:}), for
 * file systems that change how some files open. Statuses come without permissions: the local file
 * system loads those from a java.io.File of the path's URI, which it cannot make of another scheme.
 */
public abstract class LocalFileSystemUnderScheme extends RawLocalFileSystem {
  private final String scheme;

  protected LocalFileSystemUnderScheme(String scheme) {
    this.scheme = scheme;
  }

  @Override
  public URI getUri() {
    return URI.create(scheme + ":///");
  }

  @Override
  public String getScheme() {
    return scheme;
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return withoutPermissions(super.getFileStatus(f));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] statuses = super.listStatus(f);
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = withoutPermissions(statuses[i]);
    }
    return statuses;
  }

  private static FileStatus withoutPermissions(FileStatus s) {
    return new FileStatus(s.getLen(), s.isDirectory(), 1, s.getBlockSize(), s.getModificationTime(), s.getPath());
  }
}
