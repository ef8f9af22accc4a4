package io.segeval.jobs.input;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before anything is read or written, that every URI of a run has a Hadoop file system on
 * the class path: {@code s3a:}, {@code gs:}, {@code abfs:} and the like need their connector's jars,
 * and without them Hadoop fails deep inside the first read with a bare {@code ClassNotFoundException}
 * or "No FileSystem for scheme". A path starting with the shell's {@code ~}, unexpanded, is refused.
 */
public final class FileSystemSupport {
  private FileSystemSupport() {}

  /**
   * The shell's home shorthand, left as it is by {@code --output=~/x} or a --config file: read as a
   * path it is a folder named "~" in the working directory, which OUTPUT would quietly create.
   */
  private static final String HOME = "~";

  /** Connectors by scheme, for the message: what to put on the class path. */
  private static final Map<String, String> CONNECTORS = Map.of(
      "s3a", "hadoop-aws and the AWS SDK bundle matching Spark's Hadoop 3.4",
      "gs", "gcs-connector for Hadoop 3",
      "abfs", "hadoop-azure", "abfss", "hadoop-azure", "wasb", "hadoop-azure", "wasbs", "hadoop-azure");

  /**
   * @param uris label → URI, e.g. {@code "--pred s3a://bucket/pred"} → {@code s3a://bucket/pred}
   * @throws MissingFileSystemException naming the first URI whose scheme has no file system
   * @throws UsageException naming a URI that Hadoop cannot parse
   */
  public static void require(Configuration conf, Map<String, String> uris) {
    for (Map.Entry<String, String> e : uris.entrySet()) {
      String scheme = parse(e.getKey(), e.getValue()).getScheme();
      if (scheme == null && e.getValue().startsWith(HOME)) {
        throw new UsageException(e.getKey() + ": '~' is not expanded here (the shell expands it at the start of a"
            + " word only: '--output ~/x', not '--output=~/x' nor a --config value); give the full path");
      }
      if (scheme == null) {
        continue; // the default file system, the one Hadoop is configured with
      }
      try {
        FileSystem.getFileSystemClass(scheme, conf);
      } catch (IOException | RuntimeException missing) {
        throw new MissingFileSystemException(e.getKey() + ": no Hadoop file system for " + scheme
            + ": on the class path (" + why(missing) + "); add the connector's jars"
            + (CONNECTORS.containsKey(scheme) ? " (" + CONNECTORS.get(scheme) + ")" : "")
            + ": with deploy/segeval in SEGEVAL_CLASSPATH, with spark-submit or deploy/submit through --packages or --jars");
      }
    }
  }

  /**
   * {@code uri} qualified by its file system (scheme, authority, absolute path), as listings and
   * overlap checks compare paths; {@code named}: the URI as a failure names it (e.g. {@code --pred URI}).
   */
  static Path qualified(Configuration conf, String uri, String named) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(conf).makeQualified(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + named + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where a relative path was looked for (the working directory's, or on HDFS the home folder's):
   * " (resolved to file:/home/me/preds)"; nothing for an absolute one, which says it already.
   */
  static String resolved(Path given, Path qualified) {
    return given.isUriPathAbsolute() ? "" : " (resolved to " + qualified + ")";
  }

  private static URI parse(String label, String uri) {
    try {
      return new Path(uri).toUri();
    } catch (IllegalArgumentException e) { // e.g. "java.net.URISyntaxException: Relative path in absolute URI: a:b"
      throw new UsageException(label + ": " + e.getMessage(), e);
    }
  }

  private static String why(Exception e) {
    Throwable cause = e.getCause() instanceof ClassNotFoundException ? e.getCause() : e;
    String m = String.valueOf(cause.getMessage());
    return cause instanceof ClassNotFoundException ? m.replaceFirst("^Class (\\S+) not found$", "$1 not found") : m;
  }

  /** A URI whose scheme has no Hadoop file system here. */
  public static final class MissingFileSystemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingFileSystemException(String message) {
      super(message);
    }
  }
}
