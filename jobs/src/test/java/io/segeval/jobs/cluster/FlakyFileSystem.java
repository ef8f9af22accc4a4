package io.segeval.jobs.cluster;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import io.segeval.jobs.io.LocalFileSystemUnderScheme;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * The local file system under the scheme {@code flaky:}, whose first open of one file fails with
 * an IOException, as a storage hiccup would (a DataNode restarting, a connection reset): the next
 * open reads it. Meant for a cluster, whose executors are JVMs of their own: "first" is decided
 * by a marker file created atomically, so it holds across executors and task attempts. Configured
 * through Spark's Hadoop properties (e.g. {@code --conf spark.hadoop.segeval.flaky.file=...}):
 * {@value #FILE} is the local file whose first open fails, {@value #MARKERS} the folder of marker
 * files. The driver and the executors need this class on their class path.
 */
public final class FlakyFileSystem extends LocalFileSystemUnderScheme {
  static final String SCHEME = "flaky";
  static final String FILE = "segeval.flaky.file";
  static final String MARKERS = "segeval.flaky.markers";
  static final String FAILURE = "Connection reset by peer (injected by FlakyFileSystem, first open only)";

  public FlakyFileSystem() {
    super(SCHEME);
  }

  /** The Spark properties that install it: the scheme, the file, the markers' folder. */
  static java.util.List<String> sparkConf(java.nio.file.Path file, java.nio.file.Path markers) {
    return java.util.List.of(
        "--conf", "spark.hadoop.fs." + SCHEME + ".impl=" + FlakyFileSystem.class.getName(),
        "--conf", "spark.hadoop.fs." + SCHEME + ".impl.disable.cache=true",
        "--conf", "spark.hadoop." + FILE + "=" + file.toAbsolutePath(),
        "--conf", "spark.hadoop." + MARKERS + "=" + markers.toAbsolutePath());
  }

  /** {@code file} as a {@code flaky:} URI. */
  static String uri(java.nio.file.Path file) {
    return SCHEME + ":" + file.toAbsolutePath();
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String file = pathToFile(f).getAbsolutePath();
    if (file.equals(getConf().get(FILE)) && firstOpen(file)) {
      throw new IOException(FAILURE);
    }
    return super.open(f, bufferSize);
  }

  /** True for the first open of {@code file} anywhere: its marker did not exist and is created now. */
  private boolean firstOpen(String file) throws IOException {
    java.nio.file.Path markers = java.nio.file.Path.of(getConf().get(MARKERS));
    Files.createDirectories(markers);
    try {
      Files.createFile(markers.resolve(Integer.toHexString(file.hashCode()) + ".opened"));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }
}
