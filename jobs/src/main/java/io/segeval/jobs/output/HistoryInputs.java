package io.segeval.jobs.output;

import io.segeval.jobs.config.EvalConfig;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The history's {@code inputs} column: what the run read, as full URIs. */
final class HistoryInputs {
  private HistoryInputs() {}

  /**
   * The inputs as full URIs, as the output is (a relative path says nothing once the run is over):
   * "PRED and TARGET" for folders (several prediction folders joined by ", "), the tables joined
   * by ", " (a catalog table name as given).
   *
   * @param predFolders the prediction folders, {@code --pred} globs expanded (empty for tables)
   */
  static String of(Configuration conf, EvalConfig config, List<String> predFolders) {
    if (config.tables() == null) {
      return predFolders.stream().map(uri -> qualified(conf, uri)).collect(Collectors.joining(", ")) + " and "
          + qualified(conf, config.targetUri());
    }
    return config.tables().uris().stream().map(uri -> qualified(conf, uri)).collect(Collectors.joining(", "));
  }

  /** A path (or a glob matching one) as a full URI; anything else (a catalog table name) as given. */
  static String qualified(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p); // null or empty when nothing is there
      return matches != null && matches.length > 0 ? fs.makeQualified(p).toString() : uri;
    } catch (IOException | IllegalArgumentException e) {
      return uri;
    }
  }
}
