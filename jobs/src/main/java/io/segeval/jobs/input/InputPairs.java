package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Lists the prediction and target folders on the driver with Hadoop's {@code FileSystem.listStatusIterator}
 * (any Hadoop URI, recursively, one paged listing per folder; file contents are not read) and pairs the files by image_id, so a file without partner or with a duplicate
 * image_id becomes a pair whose {@code problem} says why, never a silent drop.
 *
 * <p>This is what Spark's file sources do on the driver too (below 32 input paths they list on the
 * driver and keep every file status there), without their jobs: the pairs are known, counted and
 * checked before the first Spark job. Names Spark's file sources treat as hidden are skipped the
 * same way: a file or folder whose name starts with {@code .} or {@code _} ({@code _SUCCESS},
 * {@code .crc} files, {@code _temporary/}), and files ending in {@code ._COPYING_}.
 *
 * <p>The pairs come sorted by group values, then image_id, in Spark's string order (code points),
 * and {@link #toDataset} splits them into contiguous ranges: the per-image output is written in
 * that order without a sort.
 */
public final class InputPairs {
  private InputPairs() {}

  /** Spark's string order (UTF-8 bytes, i.e. code points), which for rare characters differs from {@link String#compareTo}. */
  public static final Comparator<String> SPARK_STRING_ORDER = (a, b) -> {
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

  /** The files under {@code uri} (recursively, hidden names skipped) with their image_ids, sorted by path. */
  public static List<InputFile> list(Configuration conf, String uri) {
    try {
      Path root = new Path(uri);
      FileSystem fs = root.getFileSystem(conf);
      Path qualified = fs.makeQualified(root);
      if (!fs.exists(qualified)) {
        throw new BadRecordException("input folder " + uri + " does not exist");
      }
      if (!fs.getFileStatus(qualified).isDirectory()) {
        throw new BadRecordException("input " + uri + " is not a folder");
      }
      String rootString = qualified.toString();
      List<InputFile> files = new ArrayList<>();
      addFiles(fs, qualified, rootString, files);
      files.sort(Comparator.comparing(InputFile::getPath, SPARK_STRING_ORDER));
      return files;
    } catch (FileNotFoundException e) {
      throw new BadRecordException("input folder " + uri + " changed while it was listed: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri + ": " + e.getMessage(), e);
    }
  }

  // listStatus, not listFiles: a LocatedFileStatus copies the permissions, which the local file
  // system loads by running `ls` once per file (seconds for a thousand files).
  private static void addFiles(FileSystem fs, Path dir, String root, List<InputFile> files) throws IOException {
    RemoteIterator<FileStatus> it = fs.listStatusIterator(dir);
    while (it.hasNext()) {
      FileStatus status = it.next();
      String path = status.getPath().toString();
      if (hidden(root, path)) {
        continue;
      }
      if (status.isDirectory()) {
        addFiles(fs, status.getPath(), root, files);
      } else {
        files.add(new InputFile(InputFile.imageIdOf(root, path), path, status.getLen()));
      }
    }
  }

  /** Whether a path below the root has a component Spark's file sources skip. */
  static boolean hidden(String root, String path) {
    String rel = path.startsWith(root) ? path.substring(root.length()) : path;
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
    Map<String, List<InputFile>> predById = byImageId(preds);
    Map<String, List<InputFile>> targetById = byImageId(targets);
    Set<String> ids = new TreeSet<>(SPARK_STRING_ORDER);
    ids.addAll(predById.keySet());
    ids.addAll(targetById.keySet());
    List<ImagePair> pairs = new ArrayList<>(ids.size());
    for (String id : ids) {
      List<InputFile> p = predById.getOrDefault(id, List.of());
      List<InputFile> t = targetById.getOrDefault(id, List.of());
      ImagePair pair = new ImagePair();
      pair.setImageId(id);
      if (!p.isEmpty()) {
        pair.setPredPath(p.get(0).getPath());
        pair.setPredLength(p.get(0).getLength());
      }
      if (!t.isEmpty()) {
        pair.setTargetPath(t.get(0).getPath());
        pair.setTargetLength(t.get(0).getLength());
      }
      pair.setProblem(problem(p.size(), t.size()));
      pair.setGroupKey(groupBy.folderKey(id));
      pairs.add(pair);
    }
    if (!groupBy.isEmpty()) {
      // the group key is a function of the image_id; its values sort before the id
      pairs.sort(Comparator.comparing((ImagePair x) -> groupBy.folderValues(x.getImageId()),
          (a, b) -> {
            for (int i = 0; i < a.size(); i++) {
              int c = SPARK_STRING_ORDER.compare(a.get(i), b.get(i));
              if (c != 0) {
                return c;
              }
            }
            return 0;
          }).thenComparing(ImagePair::getImageId, SPARK_STRING_ORDER));
    }
    return pairs;
  }

  private static String problem(int predFiles, int targetFiles) {
    if (predFiles == 0) {
      return "no prediction file for this target";
    }
    if (targetFiles == 0) {
      return "no target file for this prediction";
    }
    if (predFiles > 1) {
      return "several prediction files share this image_id (e.g. a.npy and a.png)";
    }
    if (targetFiles > 1) {
      return "several target files share this image_id (e.g. a.npy and a.png)";
    }
    return null;
  }

  private static Map<String, List<InputFile>> byImageId(List<InputFile> files) {
    Map<String, List<InputFile>> byId = new TreeMap<>(SPARK_STRING_ORDER);
    for (InputFile f : files) {
      byId.computeIfAbsent(f.getImageId(), k -> new ArrayList<>(1)).add(f);
    }
    return byId;
  }

  /**
   * The pairs as a Dataset of {@code partitions} contiguous ranges, in list order (no shuffle: the
   * per-image stage starts from them).
   */
  public static Dataset<ImagePair> toDataset(SparkSession spark, List<ImagePair> pairs, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataset(jsc.parallelize(pairs, partitions).rdd(), Encoders.bean(ImagePair.class));
  }

  /** {@code requested} if positive, else about 500 images per partition and at least two per core. */
  public static int partitions(SparkSession spark, long images, int requested) {
    if (requested > 0) {
      return requested;
    }
    long atLeast = 2L * spark.sparkContext().defaultParallelism();
    return (int) Math.max(1, Math.min(images, Math.max(atLeast, images / 500)));
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
