package io.segeval.jobs.input;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * The prediction folders of a folder run: the {@code --pred} values (repeated or comma-separated),
 * a Hadoop glob among them expanded to the folders it matches ({@code FileSystem.globStatus},
 * sorted), each named by its last path segment, the derived group column
 * {@value GroupBy#PRED_DIR}. Resolved on the driver before OUTPUT is prepared, so that a glob never
 * matches the run's own output. Several folders need {@code --group-by pred_dir} (their results
 * would be mixed otherwise) and distinct last segments (the groups would merge).
 */
public final class PredFolders {
  private final Map<String, String> urisByName;

  private PredFolders(Map<String, String> urisByName) {
    this.urisByName = urisByName;
  }

  /**
   * @param given the {@code --pred} values, each a folder or a glob
   * @throws UsageException for a glob that matches no folder, two folders of one name, or several
   *     folders without {@code --group-by pred_dir}
   */
  public static PredFolders resolve(Configuration conf, List<String> given, GroupBy groupBy) {
    Map<String, String> byName = new LinkedHashMap<>();
    Map<String, String> byQualified = new LinkedHashMap<>();
    for (String value : given) {
      for (String uri : expand(conf, value)) {
        if (byQualified.putIfAbsent(FileSystemSupport.qualified(conf, uri, "--pred " + uri).toString(), uri) != null) {
          continue; // the same folder twice, e.g. named and matched by a glob
        }
        String name = new Path(uri).getName();
        String before = byName.putIfAbsent(name, uri);
        if (before != null) {
          throw new UsageException("--pred: " + before + " and " + uri + " have the same last path segment '" + name
              + "', which names their group (" + GroupBy.PRED_DIR + "); give prediction folders distinct names");
        }
      }
    }
    if (byName.size() > 1 && !groupBy.byPredDir()) {
      throw new UsageException("--pred names " + byName.size() + " prediction folders (" + String.join(", ", byName.keySet())
          + "): add --group-by " + GroupBy.PRED_DIR + " for one result per folder (a comma outside glob braces separates"
          + " folders: give a folder whose name holds one as a glob, with ? for the comma)");
    }
    return new PredFolders(byName);
  }

  /** The folder URIs: as given, or as the glob matched them. */
  public List<String> uris() {
    return List.copyOf(urisByName.values());
  }

  /** Each folder's files ({@link InputPairs#list}) by its {@value GroupBy#PRED_DIR} name. */
  public Map<String, List<InputFile>> list(Configuration conf) {
    Map<String, List<InputFile>> files = new LinkedHashMap<>();
    urisByName.forEach((name, uri) -> files.put(name, InputPairs.list(conf, uri)));
    return files;
  }

  /** A folder as given (its absence is reported when it is listed), or the folders a glob matches. */
  private static List<String> expand(Configuration conf, String value) {
    if (!isGlob(value)) {
      return List.of(value);
    }
    try {
      Path pattern = new Path(value);
      FileSystem fs = pattern.getFileSystem(conf);
      FileStatus[] matched = globStatus(fs, pattern, value);
      List<String> folders = matched == null ? List.of() : Arrays.stream(matched).filter(FileStatus::isDirectory)
          .map(s -> s.getPath().toString()).sorted(Comparator.naturalOrder()).collect(Collectors.toList());
      if (folders.isEmpty()) {
        boolean literal = fs.exists(pattern) && fs.getFileStatus(pattern).isDirectory();
        throw new UsageException("--pred " + value + ": the pattern matches no folder" + (!literal ? besides(fs, pattern)
            : "; a folder of this very name exists, but its [ ] { } * ? make --pred a pattern: rename the folder, or"
            + " link it under a plain name (ln -s)"));
      }
      return folders;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot expand --pred " + value + ": " + e.getMessage(), e);
    }
  }

  /** How many folder names {@link #besides} shows. */
  private static final int SHOWN = 5;

  /**
   * What the folder above a pattern that matched nothing holds, so that a misspelt pattern or
   * predictions not written yet show at once: "; /preds holds ckpt_05/, ckpt_10/" ("holds no
   * folder", "does not exist"); nothing when that folder is itself a pattern.
   */
  private static String besides(FileSystem fs, Path pattern) throws IOException {
    Path parent = pattern.getParent();
    if (parent == null || isGlob(parent.toString())) {
      return "";
    }
    if (!fs.exists(parent)) {
      return "; " + parent + " does not exist";
    }
    List<String> folders = Arrays.stream(fs.listStatus(parent)).filter(FileStatus::isDirectory)
        .map(st -> st.getPath().getName() + "/").sorted().toList();
    return "; " + parent + (folders.isEmpty() ? " holds no folder" : " holds "
        + String.join(", ", folders.subList(0, Math.min(SHOWN, folders.size()))) + (folders.size() > SHOWN ? ", ..." : ""));
  }

  private static FileStatus[] globStatus(FileSystem fs, Path pattern, String value) throws IOException {
    try {
      return fs.globStatus(pattern);
    } catch (IllegalArgumentException e) {
      // Hadoop's globber makes a Path of every name it lists, which a name with ':' cannot be
      if (!(e.getCause() instanceof URISyntaxException u)) {
        throw e;
      }
      throw new UsageException("--pred " + value + ": Hadoop cannot expand the pattern: a name it lists ("
          + u.getInput() + ") holds a ':', which no Hadoop path can; give the folders without a pattern", e);
    }
  }

  private static boolean isGlob(String value) {
    try {
      return new GlobPattern(value).hasWildcard();
    } catch (IllegalArgumentException e) { // an unclosed [ or {
      throw new UsageException("--pred " + value + ": not a valid glob: " + e.getMessage(), e);
    }
  }
}
