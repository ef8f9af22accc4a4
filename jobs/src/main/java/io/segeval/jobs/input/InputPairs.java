package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.Reason;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Lists the prediction and target folders on the driver with Hadoop's {@code FileSystem} (any
 * Hadoop URI, recursively; file contents are not read) and pairs the files by image_id, so a file
 * without partner or with a duplicate image_id becomes a pair whose {@code problem} says why,
 * never a silent drop.
 *
 * <p>This is what Spark's file sources do on the driver too (below 32 input paths they list on the
 * driver and keep every file status there), without their jobs: the pairs are known, counted and
 * checked before the first Spark job. Names Spark's file sources treat as hidden are skipped the
 * same way: a file or folder whose name starts with {@code .} or {@code _} ({@code _SUCCESS},
 * {@code .crc} files, {@code _temporary/}), and files ending in {@code ._COPYING_}; how many, and
 * which, the log says ({@link HiddenEntries}), so that an image id does not disappear unseen.
 *
 * <p>Several prediction folders ({@code --pred} named more than once) are each paired with the
 * same target files on their own, their pairs told apart by the group column
 * {@value GroupBy#PRED_DIR}.
 *
 * <p>The pairs come sorted by group values, then image_id, in Spark's string order (code points),
 * and {@link #toDataset} splits them into contiguous ranges: the per-image output is written in
 * that order without a sort.
 */
public final class InputPairs {
  private InputPairs() {}

  /** Spark's string order (UTF-8 bytes, i.e. code points), which for rare characters differs from {@link String#compareTo}. */
  static final Comparator<String> SPARK_STRING_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  /** Orders files by image_id, then path (what {@link #pair} merges). */
  private static final Comparator<InputFile> BY_IMAGE_ID = Comparator.comparing(InputFile::getImageId, SPARK_STRING_ORDER)
      .thenComparing(InputFile::getPath, SPARK_STRING_ORDER);

  /** The files under {@code uri} (recursively, hidden names skipped) with their image_ids, sorted by image_id, then path. */
  public static List<InputFile> list(Configuration conf, String uri) {
    try {
      Path root = new Path(uri);
      FileSystem fs = root.getFileSystem(conf);
      Path qualified = fs.makeQualified(root);
      if (!fs.exists(qualified)) {
        throw new BadRecordException(
            Reason.of("input folder {}{} does not exist", uri, FileSystemSupport.resolved(root, qualified)));
      }
      if (!fs.getFileStatus(qualified).isDirectory()) {
        throw new BadRecordException(
            Reason.of("input {}{} is not a folder", uri, FileSystemSupport.resolved(root, qualified)));
      }
      String rootString = qualified.toString();
      List<InputFile> files = new ArrayList<>();
      HiddenEntries hidden = new HiddenEntries();
      if ("file".equals(fs.getScheme())) {
        addFilesWalking(fs, qualified, rootString, files, new ArrayDeque<>(), hidden);
      } else {
        addFilesFlat(fs, qualified, rootString, files, hidden);
      }
      hidden.log(uri);
      files.sort(BY_IMAGE_ID);
      return files;
    } catch (FileNotFoundException e) {
      throw new BadRecordException(Reason.of("input folder {} changed while it was listed: {}", uri, e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Object stores and HDFS: {@code listFiles(root, true)}, which S3A and others answer with one
   * flat paged listing of every key below the root, however deep the folders.
   */
  private static void addFilesFlat(FileSystem fs, Path root, String rootString, List<InputFile> files,
      HiddenEntries hidden) throws IOException {
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus status = it.next();
      String path = status.getPath().toString();
      if (hidden(rootString, path)) {
        hidden.add(relative(rootString, path));
      } else {
        files.add(new InputFile(InputFile.imageIdOf(rootString, path), path, status.getLen()));
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
   * @param hidden where the entries skipped as hidden are counted (a hidden folder once, unread)
   */
  private static void addFilesWalking(FileSystem fs, Path dir, String root, List<InputFile> files,
      Deque<java.nio.file.Path> walking, HiddenEntries hidden) throws IOException {
    // through File: Path.of(URI) refuses a URI whose path holds non-ASCII characters (a folder Müller/),
    // which Hadoop's URIs keep unescaped
    java.nio.file.Path real = new java.io.File(dir.toUri()).toPath().toRealPath();
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
      if (hidden(root, path)) {
        hidden.add(relative(root, path));
        continue;
      }
      if (status.isDirectory()) {
        addFilesWalking(fs, status.getPath(), root, files, walking, hidden);
      } else if (status.getLen() == 0 && !new java.io.File(status.getPath().toUri()).isFile()) {
        // Hadoop lists a named pipe, device or socket as an empty file; opening a pipe waits for a
        // writer, forever (only an empty entry is checked: their size is 0, and a stat per file costs)
        files.add(InputFile.unreadable(InputFile.imageIdOf(root, path), path, NOT_A_FILE));
      } else {
        files.add(new InputFile(InputFile.imageIdOf(root, path), path, status.getLen()));
      }
    }
    addUnreadable(dir, root, listed, files, hidden);
    walking.pop();
  }

  static final String NOT_A_FILE = "cannot read the file: not a regular file (a named pipe, device or socket)";

  /** The entries of {@code dir} Hadoop left out, unable to stat them: links to nothing, files just removed. */
  private static void addUnreadable(Path dir, String root, List<String> listed, List<InputFile> files,
      HiddenEntries hidden) {
    java.io.File folder = new java.io.File(dir.toUri());
    String[] names = folder.list();
    if (names == null || names.length == listed.size()) {
      return; // Hadoop listed every entry
    }
    Set<String> seen = new HashSet<>(listed);
    for (String name : names) {
      String path = new Path(new java.io.File(folder, name).toURI()).toString();
      if (seen.contains(name)) {
        continue;
      }
      if (hidden(root, path)) {
        hidden.add(relative(root, path));
      } else {
        files.add(InputFile.unreadable(InputFile.imageIdOf(root, path), path,
            "cannot read the file: a symbolic link to nothing, or removed while listed"));
      }
    }
  }

  /** A path below the root, without the root and the slash after it. */
  private static String relative(String root, String path) {
    String rel = path.startsWith(root) ? path.substring(root.length()) : path;
    return rel.startsWith("/") ? rel.substring(1) : rel;
  }

  /** Whether a path below the root has a component Spark's file sources skip. */
  private static boolean hidden(String root, String path) {
    String rel = relative(root, path);
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

  /**
   * Pairs prediction and target files by image_id. Every image_id appears once; a problem pair
   * (missing side, duplicate image_id) has a non-null {@code problem}; with duplicates the pair
   * names the first path. Sorted by group values, then image_id.
   */
  public static List<ImagePair> pair(List<InputFile> preds, List<InputFile> targets, GroupBy groupBy) {
    return pair(Map.of("", preds), targets, groupBy);
  }

  /**
   * Pairs each prediction folder's files with the same target files on its own, as {@link
   * #pair(List, List, GroupBy)} does for one: a target without a prediction in a folder is a problem
   * pair of that folder. All the pairs, sorted by group values ({@link GroupBy#PRED_DIR} among
   * them), then image_id.
   *
   * @param predsByDir each prediction folder's files, by the folder's {@code pred_dir} name
   */
  public static List<ImagePair> pair(Map<String, List<InputFile>> predsByDir, List<InputFile> targets,
      GroupBy groupBy) {
    List<InputFile> t = sortedByImageId(targets);
    List<GroupedPair> grouped = new ArrayList<>();
    for (Map.Entry<String, List<InputFile>> folder : predsByDir.entrySet()) {
      for (ImagePair pair : merged(sortedByImageId(folder.getValue()), t)) {
        List<String> values = groupBy.folderValues(pair.getImageId(), folder.getKey());
        pair.setGroupKey(groupBy.keyOf(values));
        grouped.add(new GroupedPair(values, pair));
      }
    }
    if (!groupBy.isEmpty()) {
      // the group values sort before the id, as Spark sorts the per-image rows
      grouped.sort(Comparator.comparing(GroupedPair::values, InputPairs::compareValues)
          .thenComparing(g -> g.pair().getImageId(), SPARK_STRING_ORDER));
    }
    List<ImagePair> pairs = new ArrayList<>(grouped.size());
    grouped.forEach(g -> pairs.add(g.pair()));
    return pairs;
  }

  /** A pair with its group values, for sorting. */
  private record GroupedPair(List<String> values, ImagePair pair) {}

  /** One folder's pairs: a merge of the two lists sorted by image_id, in image_id order. */
  private static List<ImagePair> merged(List<InputFile> p, List<InputFile> t) {
    List<ImagePair> pairs = new ArrayList<>(Math.max(p.size(), t.size()));
    // each step takes the smaller image_id and every file of it on both sides
    int i = 0;
    int j = 0;
    while (i < p.size() || j < t.size()) {
      String id = i == p.size() ? t.get(j).getImageId()
          : j == t.size() ? p.get(i).getImageId()
          : first(p.get(i).getImageId(), t.get(j).getImageId());
      int predFiles = run(p, i, id);
      int targetFiles = run(t, j, id);
      ImagePair pair = new ImagePair();
      pair.setImageId(id);
      if (predFiles > 0) {
        pair.setPredPath(p.get(i).getPath());
        pair.setPredLength(p.get(i).getLength());
      }
      if (targetFiles > 0) {
        pair.setTargetPath(t.get(j).getPath());
        pair.setTargetLength(t.get(j).getLength());
      }
      Problem problem = problem(p.subList(i, i + predFiles), t.subList(j, j + targetFiles));
      if (problem != null) {
        pair.markProblem(problem.reason(), problem.file());
      }
      pairs.add(pair);
      i += predFiles;
      j += targetFiles;
    }
    hintAlikeNames(pairs);
    return pairs;
  }

  /**
   * A file without its partner while the partner is there under a name that differs only in letter
   * case or in Unicode normalization (é as one character or as e and a combining accent, as macOS
   * writes names): its reason says so, since the two image_ids look alike, or the same, in a
   * message. They stay unpaired: the names are not the same, and which one is right is not known.
   */
  private static void hintAlikeNames(List<ImagePair> pairs) {
    Map<String, ImagePair> targetsOnly = new HashMap<>();
    for (ImagePair p : pairs) {
      if (NO_PREDICTION.equals(p.getProblem())) {
        targetsOnly.putIfAbsent(alike(p.getImageId()), p);
      }
    }
    if (targetsOnly.isEmpty()) {
      return;
    }
    for (ImagePair p : pairs) {
      ImagePair t = NO_TARGET.equals(p.getProblem()) ? targetsOnly.remove(alike(p.getImageId())) : null;
      if (t != null) {
        String differ = differ(p.getImageId(), t.getImageId());
        p.markProblem(Reason.of(NO_TARGET + "; the target '{}' differs only in " + differ, t.getImageId()), null);
        t.markProblem(Reason.of(NO_PREDICTION + "; the prediction '{}' differs only in " + differ, p.getImageId()), null);
      }
    }
  }

  private static String alike(String imageId) {
    return Normalizer.normalize(imageId, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  private static String differ(String a, String b) {
    boolean sameText = Normalizer.normalize(a, Normalizer.Form.NFC).equals(Normalizer.normalize(b, Normalizer.Form.NFC));
    return sameText ? "Unicode normalization (an accented letter as one character or two: NFC or NFD)"
        : a.equalsIgnoreCase(b) ? "letter case" : "letter case and Unicode normalization";
  }

  private static int compareValues(List<String> a, List<String> b) {
    for (int k = 0; k < a.size(); k++) {
      int c = SPARK_STRING_ORDER.compare(a.get(k), b.get(k));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The reasons of an image_id with files on one side only. */
  static final String NO_PREDICTION = "no prediction file for this target";
  static final String NO_TARGET = "no target file for this prediction";

  /** Why the files of one image_id cannot be evaluated, and the file it is about (null: {@link ImagePair#problemFile}). */
  private record Problem(Reason reason, String file) {}

  /** The problem of the files of one image_id, or null; the pair names the first file of each side. */
  private static Problem problem(List<InputFile> preds, List<InputFile> targets) {
    for (List<InputFile> side : List.of(preds, targets)) {
      if (!side.isEmpty() && side.get(0).getProblem() != null) {
        return new Problem(Reason.constant(side.get(0).getProblem()), side.get(0).getPath());
      }
    }
    for (List<InputFile> side : List.of(preds, targets)) {
      Reason unsupported = side.isEmpty() ? null : MaskCodecs.unsupportedReason(side.get(0).getPath());
      if (unsupported != null) {
        return new Problem(unsupported, side.get(0).getPath()); // e.g. a README.md among the predictions
      }
    }
    if (preds.isEmpty()) {
      return new Problem(Reason.constant(NO_PREDICTION), null);
    }
    if (targets.isEmpty()) {
      return new Problem(Reason.constant(NO_TARGET), null);
    }
    if (preds.size() > 1) {
      Reason shared = Reason.of("several prediction files share this image_id: {}", fileNames(preds));
      // the very same files on both sides: --pred and --target are one folder of predictions and masks side by side
      return new Problem(samePaths(preds, targets) ? shared.then(ONE_FOLDER_HINT) : shared, null);
    }
    if (targets.size() > 1) {
      return new Problem(Reason.of("several target files share this image_id: {}", fileNames(targets)),
          targets.get(0).getPath());
    }
    return null;
  }

  /** What a shared image_id of one folder given as both --pred and --target adds. */
  static final String ONE_FOLDER_HINT = " (--pred and --target are one folder: SegEval pairs a folder of predictions"
      + " with a folder of masks by file name; give the predictions and the masks in two separate folders)";

  private static boolean samePaths(List<InputFile> a, List<InputFile> b) {
    return a.stream().map(InputFile::getPath).toList().equals(b.stream().map(InputFile::getPath).toList());
  }

  private static String fileNames(List<InputFile> files) {
    return files.stream().map(f -> f.getPath().substring(f.getPath().lastIndexOf('/') + 1))
        .collect(Collectors.joining(", "));
  }

  private static List<InputFile> sortedByImageId(List<InputFile> files) {
    List<InputFile> sorted = new ArrayList<>(files);
    sorted.sort(BY_IMAGE_ID);
    return sorted;
  }

  private static String first(String a, String b) {
    return SPARK_STRING_ORDER.compare(a, b) <= 0 ? a : b;
  }

  /** How many files from {@code from} on have image_id {@code id}. */
  private static int run(List<InputFile> files, int from, String id) {
    int k = from;
    while (k < files.size() && files.get(k).getImageId().equals(id)) {
      k++;
    }
    return k - from;
  }

  /**
   * The pairs as a Dataset of {@code partitions} contiguous ranges, in list order (no shuffle: the
   * per-image stage starts from them).
   */
  public static Dataset<ImagePair> toDataset(SparkSession spark, List<ImagePair> pairs, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataset(jsc.parallelize(pairs, partitions).rdd(), Encoders.bean(ImagePair.class));
  }

  /** The images of a partition when {@code --partitions} is not given (and the cores do not ask for more). */
  private static final int IMAGES_PER_PARTITION = 500;

  /**
   * {@code requested} if positive, else about {@value #IMAGES_PER_PARTITION} images per partition
   * and at least two partitions per core (never more partitions than images).
   */
  public static int partitions(SparkSession spark, long images, int requested) {
    if (requested > 0) {
      return requested;
    }
    long atLeast = 2L * spark.sparkContext().defaultParallelism();
    return (int) Math.max(1, Math.min(images, Math.max(atLeast, images / IMAGES_PER_PARTITION)));
  }

  /** The distinct lower-case extensions of the good pairs' prediction (or target) files. */
  public static Set<String> extensions(List<ImagePair> pairs, boolean pred) {
    Set<String> exts = new TreeSet<>();
    for (ImagePair p : pairs) {
      if (p.getProblem() == null) {
        exts.add(InputFile.extensionOf(pred ? p.getPredPath() : p.getTargetPath()));
      }
    }
    return exts;
  }
}
