package io.segeval.jobs.input;

import java.util.Collection;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The entries of an input folder skipped as hidden (a name, or a folder above it, starting with
 * {@code .} or {@code _}; a hidden folder counts once, unread), counted so that the log says so: at INFO how many and which, at WARN
 * the ones that look like images ({@code .npy}, {@code .png}), which are more likely an image id
 * that disappeared than Spark's or Hadoop's bookkeeping ({@code _SUCCESS}, {@code .crc} files).
 */
final class HiddenEntries {
  /**
   * InputPairs' logger, not its own nor FolderListing's: these lines are part of the folder listing
   * ({@link InputPairs#list}), and the log names the logger ({@code InputPairs:}).
   */
  private static final Logger LOG = LogManager.getLogger(InputPairs.class);
  /** How many names each log line shows. */
  private static final int SHOWN = 5;

  private int count;
  private final TreeSet<String> examples = new TreeSet<>();
  private int images;
  private final TreeSet<String> imageExamples = new TreeSet<>();

  /** One skipped entry, by its path below the input folder (a folder counts once, unread). */
  void add(String relativePath) {
    count++;
    keepFirst(examples, relativePath);
    if (looksLikeAnImage(relativePath)) {
      images++;
      keepFirst(imageExamples, relativePath);
    }
  }

  /** Keeps the {@value #SHOWN} first names in order, whatever order the listing gives. */
  private static void keepFirst(TreeSet<String> names, String name) {
    names.add(name);
    if (names.size() > SHOWN) {
      names.pollLast();
    }
  }

  /** Logs what was skipped under {@code uri}, if anything. */
  void log(String uri) {
    if (count == 0) {
      return;
    }
    LOG.info("{} skipped as hidden under {} (a name starting with '.' or '_', as Spark's file sources skip): {}",
        entries(count), uri, shown(examples, count));
    if (images > 0) {
      LOG.warn("{} under {} that {} skipped as hidden (a name, or a folder above it, starting with '.' or '_'): {};"
          + " rename {} to evaluate {}", images == 1 ? "1 file" : images + " files", uri,
          images == 1 ? "looks like an image was" : "look like images were", shown(imageExamples, images),
          images == 1 ? "it" : "them", images == 1 ? "it" : "them");
    }
  }

  private static String entries(int n) {
    return n == 1 ? "1 file or folder was" : n + " files or folders were";
  }

  private static String shown(Collection<String> names, int total) {
    return String.join(", ", names) + (total > names.size() ? ", ..." : "");
  }

  private static boolean looksLikeAnImage(String path) {
    String ext = InputFile.extensionOf(path);
    return ext.equals(".npy") || ext.equals(".png");
  }
}
