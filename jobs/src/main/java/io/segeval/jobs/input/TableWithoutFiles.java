package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The refusal of a {@code --table} folder in which Spark finds no data files (its
 * {@code UNABLE_TO_INFER_SCHEMA}, which names no path): an empty folder, or a folder of tables,
 * e.g. one {@code pack --output} per model or checkpoint, which Spark reads only through a glob
 * over them ({@code /lake/preds/*}). Partition folders ({@code model=unet}) are read by Spark
 * itself and never reach here.
 */
final class TableWithoutFiles {
  private TableWithoutFiles() {}

  /** How many subfolder names the message shows. */
  private static final int NAMES_SHOWN = 3;

  /** One line naming the table, and the glob to use when it holds folders of tables. */
  static BadRecordException refusal(Configuration conf, String uri, String format) {
    List<String> folders = visibleSubfolders(conf, uri);
    if (folders.isEmpty()) {
      return new BadRecordException(Reason.of("table {} holds no {} files", uri, format));
    }
    String shown = String.join(", ", folders.subList(0, Math.min(NAMES_SHOWN, folders.size())))
        + (folders.size() > NAMES_SHOWN ? ", ..." : "");
    String glob = uri.endsWith("/") ? uri + "*" : uri + "/*";
    return new BadRecordException(Reason.of("table {} holds no {} files, only {} folder(s) ({}): to read the"
        + " tables in them (one pack --output each), give a glob: --table '{}'", uri, format, folders.size(), shown,
        glob));
  }

  /** The folder's subfolders Spark would not skip ({@code _temporary}, {@code .x}); none for a file or a glob. */
  private static List<String> visibleSubfolders(Configuration conf, String uri) {
    try {
      Path path = new Path(uri);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path) || !fs.getFileStatus(path).isDirectory()) {
        return List.of();
      }
      return Arrays.stream(fs.listStatus(path)).filter(FileStatus::isDirectory).map(s -> s.getPath().getName())
          .filter(name -> !name.startsWith("_") && !name.startsWith(".")).sorted().toList();
    } catch (IOException | IllegalArgumentException e) {
      return List.of(); // the message then says only that there are no files
    }
  }
}
