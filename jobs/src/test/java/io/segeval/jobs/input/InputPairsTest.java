package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.BadRecordException;
import io.segeval.jobs.LogCapture;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and pairing folders on the driver: what is skipped, what is a problem, the order. */
class InputPairsTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path tmp;

  private static void touch(Path root, String rel) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[rel.length()]);
  }

  private static List<String> ids(List<ImagePair> pairs) {
    return pairs.stream().map(ImagePair::getImageId).toList();
  }

  @Test
  void listSkipsWhatSparkFileSourcesSkip() throws IOException {
    for (String rel : List.of("a.npy", "sub/b.npy", "_epoch=1/c.npy", ".a.npy.crc", "_SUCCESS", "_temporary/0/d.npy",
        ".hidden/e.npy", "f.npy._COPYING_")) {
      touch(tmp, rel);
    }
    List<InputFile> files;
    try (LogCapture log = LogCapture.of(Level.INFO, InputPairs.class.getName())) {
      files = InputPairs.list(CONF, tmp.toString());
      // a hidden folder counts once, unread
      assertEquals(List.of("INFO " + InputPairs.class.getName() + ": 5 files or folders were skipped as hidden under "
          + tmp + " (a name starting with '.' or '_', as Spark's file sources skip): .a.npy.crc, .hidden, _SUCCESS,"
          + " _temporary, f.npy._COPYING_"), log.lines());
    }
    // a "_" name with "=" is a partition folder, which Spark reads too
    assertEquals(List.of("_epoch=1/c", "a", "sub/b"), files.stream().map(InputFile::getImageId).toList());
    assertEquals(5L, files.get(1).getLength()); // "a.npy".length() bytes
    assertTrue(files.get(0).getPath().startsWith("file:/"), files.get(0).getPath());
  }

  @Test
  void hiddenFilesThatLookLikeImagesAreAWarning() throws IOException {
    for (String rel : List.of("a.npy", "_b.npy", ".c.png", "sub/_d.npy", "sub/.e.npy.crc", "_f.npy", "_g.npy", "_h.npy")) {
      touch(tmp, rel);
    }
    try (LogCapture log = LogCapture.of(Level.WARN, InputPairs.class.getName())) {
      assertEquals(1, InputPairs.list(CONF, tmp.toString()).size());
      assertEquals(List.of("WARN " + InputPairs.class.getName() + ": 6 files under " + tmp + " that look like images were"
          + " skipped as hidden (a name, or a folder above it, starting with '.' or '_'): .c.png, _b.npy, _f.npy, _g.npy,"
          + " _h.npy, ...; rename them to evaluate them"), log.lines());
    }
    Path one = Files.createDirectories(tmp.resolve("one"));
    touch(one, "a.npy");
    touch(one, "_b.npy");
    try (LogCapture log = LogCapture.of(Level.WARN, InputPairs.class.getName())) {
      InputPairs.list(CONF, one.toString());
      assertEquals(List.of("WARN " + InputPairs.class.getName() + ": 1 file under " + one + " that looks like an image"
          + " was skipped as hidden (a name, or a folder above it, starting with '.' or '_'): _b.npy; rename it to"
          + " evaluate it"), log.lines());
    }
    Path clean = Files.createDirectories(tmp.resolve("clean"));
    touch(clean, "a.npy");
    try (LogCapture log = LogCapture.of(Level.INFO, InputPairs.class.getName())) {
      InputPairs.list(CONF, clean.toString());
      assertEquals(List.of(), log.lines(), "nothing hidden, nothing said");
    }
  }

  @Test
  void missingOrNonFolderInputIsABadRecordNamingIt() throws IOException {
    BadRecordException missing = assertThrows(BadRecordException.class,
        () -> InputPairs.list(CONF, tmp.resolve("nope").toString()));
    assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("does not exist"), missing.getMessage());
    touch(tmp, "file.npy");
    BadRecordException file = assertThrows(BadRecordException.class,
        () -> InputPairs.list(CONF, tmp.resolve("file.npy").toString()));
    assertTrue(file.getMessage().contains("is not a folder"), file.getMessage());
    // a relative path says where it was looked for: the working directory is easy to mistake
    BadRecordException relative = assertThrows(BadRecordException.class,
        () -> InputPairs.list(CONF, "no-such-folder/preds"));
    assertEquals("input folder no-such-folder/preds (resolved to file:" + Path.of("").toAbsolutePath()
        + "/no-such-folder/preds) does not exist", relative.getMessage());
  }

  @Test
  void everyImageIdOnceWithTheReasonItCannotBeEvaluated() throws IOException {
    Path pred = tmp.resolve("pred");
    Path target = tmp.resolve("target");
    for (String rel : List.of("ok.npy", "only_pred.npy", "dup.npy", "dup.png", "README.md")) {
      touch(pred, rel);
    }
    for (String rel : List.of("ok.png", "only_target.png", "dup.png", "dup2.png", "scan.jpg")) {
      touch(target, rel);
    }
    List<ImagePair> all = InputPairs.pair(InputPairs.list(CONF, pred.toString()),
        InputPairs.list(CONF, target.toString()), GroupBy.NONE);
    // files SegEval does not read are named as such, not as a missing partner
    assertEquals("README", all.get(0).getImageId());
    assertEquals("unsupported file type '.md' (SegEval reads .npy and .png)", all.get(0).getProblem());
    assertEquals("scan", all.get(all.size() - 1).getImageId());
    assertEquals("unsupported file type '.jpg' (SegEval reads .npy and .png)", all.get(all.size() - 1).getProblem());
    assertTrue(all.get(all.size() - 1).problemFile().endsWith("/target/scan.jpg"), "the file the problem is about");
    List<ImagePair> pairs = all.subList(1, all.size() - 1);
    assertEquals(List.of("dup", "dup2", "ok", "only_pred", "only_target"), ids(pairs));
    assertEquals("several prediction files share this image_id: dup.npy, dup.png", pairs.get(0).getProblem());
    assertTrue(pairs.get(0).getPredPath().endsWith("/pred/dup.npy"), "the first path of a duplicate");
    assertEquals("no prediction file for this target", pairs.get(1).getProblem());
    assertNull(pairs.get(2).getProblem());
    assertEquals(6L, pairs.get(2).getPredLength());
    assertEquals(6L, pairs.get(2).getTargetLength());
    assertEquals("no target file for this prediction", pairs.get(3).getProblem());
    assertEquals("no prediction file for this target", pairs.get(4).getProblem());
    assertEquals(java.util.Set.of(".npy"), InputPairs.extensions(pairs, true));
    assertEquals(java.util.Set.of(".png"), InputPairs.extensions(pairs, false));
  }

  /** Names that look alike, or the same, in a message stay unpaired, but their reasons say how they differ. */
  @Test
  void namesThatDifferOnlyInCaseOrUnicodeNormalizationAreSaidToDiffer() throws IOException {
    Path pred = tmp.resolve("pred");
    Path target = tmp.resolve("target");
    String nfc = "caf\u00e9";
    String nfd = "cafe\u0301"; // as macOS writes the name
    for (String rel : List.of("IMG_1.npy", nfc + ".npy", "other.npy")) {
      touch(pred, rel);
    }
    for (String rel : List.of("img_1.png", nfd + ".png", "another.png")) {
      touch(target, rel);
    }
    List<ImagePair> pairs = InputPairs.pair(InputPairs.list(CONF, pred.toString()),
        InputPairs.list(CONF, target.toString()), GroupBy.NONE);
    Map<String, String> problems = new java.util.TreeMap<>();
    pairs.forEach(p -> problems.put(p.getImageId(), p.getProblem()));
    String normalization = " differs only in Unicode normalization (an accented letter as one character or two: NFC or NFD)";
    assertEquals(Map.of(
        "IMG_1", "no target file for this prediction; the target 'img_1' differs only in letter case",
        "img_1", "no prediction file for this target; the prediction 'IMG_1' differs only in letter case",
        nfc, "no target file for this prediction; the target '" + nfd + "'" + normalization,
        nfd, "no prediction file for this target; the prediction '" + nfc + "'" + normalization,
        "other", "no target file for this prediction",
        "another", "no prediction file for this target"), problems);
    assertEquals("no target file for this prediction; the target '#' differs only in letter case",
        pairs.stream().filter(p -> p.getImageId().equals("IMG_1")).findFirst().orElseThrow().getProblemKind());
  }

  @Test
  void aSymbolicLinkToNothingIsListedAsUnreadableAndACycleIsRefused() throws IOException {
    Path pred = tmp.resolve("pred");
    Path target = tmp.resolve("target");
    touch(pred, "ok.npy");
    touch(target, "ok.png");
    touch(target, "lost.png");
    Files.createSymbolicLink(pred.resolve("lost.npy"), tmp.resolve("unmounted/lost.npy"));
    List<ImagePair> pairs = InputPairs.pair(InputPairs.list(CONF, pred.toString()),
        InputPairs.list(CONF, target.toString()), GroupBy.NONE);
    assertEquals(List.of("lost", "ok"), ids(pairs));
    assertEquals("cannot read the file: a symbolic link to nothing, or removed while listed", pairs.get(0).getProblem());
    assertTrue(pairs.get(0).problemFile().endsWith("/pred/lost.npy"), pairs.get(0).problemFile());
    assertTrue(pairs.get(0).getPredPath().endsWith("/pred/lost.npy"), pairs.get(0).getPredPath());
    assertNull(pairs.get(1).getProblem());

    Files.createSymbolicLink(pred.resolve("loop"), pred);
    BadRecordException cycle = assertThrows(BadRecordException.class, () -> InputPairs.list(CONF, pred.toString()));
    assertTrue(cycle.getMessage().contains("/pred/loop leads back to") && cycle.getMessage().contains("has a cycle"),
        cycle.getMessage());
  }


  /** A named pipe is listed by Hadoop as an empty file; opening it to read would wait for a writer forever. */
  @Test
  void aNamedPipeIsListedAsUnreadable() throws IOException, InterruptedException {
    Path pred = tmp.resolve("pred");
    touch(pred, "ok.npy");
    Path fifo = pred.resolve("pipe.npy");
    boolean made;
    try {
      made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    } catch (IOException e) {
      made = false;
    }
    Assumptions.assumeTrue(made, "mkfifo is not available");
    List<InputFile> files = InputPairs.list(CONF, pred.toString());
    assertEquals(List.of("ok", "pipe"), files.stream().map(InputFile::getImageId).toList());
    assertNull(files.get(0).getProblem());
    assertEquals("cannot read the file: not a regular file (a named pipe, device or socket)", files.get(1).getProblem());
  }

  /** Hadoop keeps non-ASCII characters unescaped in its URIs, which {@code Path.of(URI)} refuses ("Bad escape"). */
  @Test
  void foldersWithNonAsciiOrPunctuatedNamesAreWalked() throws IOException {
    Path pred = tmp.resolve("Müller €");
    touch(pred, "a.npy");
    touch(pred, "Straße #1/b.npy");
    touch(pred, "cam:12/c.npy");
    touch(pred, "x%20y/d.npy");
    assertEquals(List.of("Straße #1/b", "a", "cam:12/c", "x%20y/d"),
        InputPairs.list(CONF, pred.toString()).stream().map(InputFile::getImageId).toList());
  }
  private static List<InputFile> files(String... ids) {
    List<InputFile> files = new ArrayList<>();
    for (String id : ids) {
      files.add(new InputFile(id, "file:/x/" + id + ".npy", 1));
    }
    return files;
  }

  @Test
  void pairsComeInSparksStringOrder() {
    // U+1F600 is a surrogate pair in Java: String.compareTo puts it before U+E000, Spark after
    String[] ids = {"b", "a/x", "a-b", "\uE000", "\uD83D\uDE00", "B"};
    List<ImagePair> pairs = InputPairs.pair(files(ids), files(ids), GroupBy.NONE);
    assertEquals(List.of("B", "a-b", "a/x", "b", "\uE000", "\uD83D\uDE00"), ids(pairs));

    SparkSession spark = TestSpark.get();
    List<String> sparkOrder = spark.createDataset(List.of(ids), Encoders.STRING()).orderBy("value")
        .as(Encoders.STRING()).collectAsList();
    assertEquals(sparkOrder, ids(pairs));
  }

  @Test
  void groupedPairsSortByGroupThenImageIdWithSparksKeys() {
    GroupBy byDir = GroupBy.forFolders(List.of(GroupBy.IMAGE_DIR));
    String[] ids = {"b", "site_b/img_2", "a-b", "site_a/img_9", "site_b/img_10"};
    List<ImagePair> pairs = InputPairs.pair(files(ids), files(ids), byDir);
    assertEquals(List.of("a-b", "b", "site_a/img_9", "site_b/img_10", "site_b/img_2"), ids(pairs));
    assertEquals("[\"site_a\"]", pairs.get(2).getGroupKey());
    assertEquals(Map.of(GroupBy.IMAGE_DIR, ""), byDir.decode(pairs.get(0).getGroupKey()));

    // the driver's key is the one the Spark expression makes for table rows
    SparkSession spark = TestSpark.get();
    Dataset<Row> keys = spark.createDataset(List.of(ids), Encoders.STRING())
        .select(functions.col("value"), byDir.keyColumn(name -> null, functions.col("value")).as("key"));
    for (Row r : keys.collectAsList()) {
      assertEquals(r.getString(1), byDir.keyOf(byDir.folderValues(r.getString(0), "")), r.getString(0));
    }
    assertNull(GroupBy.NONE.keyOf(GroupBy.NONE.folderValues("site_a/img_9", "")));
  }

  @Test
  void eachPredictionFolderIsPairedWithTheTargetsOnItsOwn() {
    GroupBy byFolder = GroupBy.forFolders(List.of(GroupBy.PRED_DIR, GroupBy.IMAGE_DIR));
    Map<String, List<InputFile>> preds = new java.util.LinkedHashMap<>();
    preds.put("ckpt_b", files("b", "site/a"));
    preds.put("ckpt_a", files("a", "b", "site/a"));
    List<ImagePair> pairs = InputPairs.pair(preds, files("a", "b", "site/a"), byFolder);
    assertEquals(List.of("[\"ckpt_a\",\"\"] a", "[\"ckpt_a\",\"\"] b", "[\"ckpt_a\",\"site\"] site/a",
        "[\"ckpt_b\",\"\"] a", "[\"ckpt_b\",\"\"] b", "[\"ckpt_b\",\"site\"] site/a"),
        pairs.stream().map(p -> p.getGroupKey() + " " + p.getImageId()).toList());
    // the target a has no prediction in ckpt_b only
    assertEquals(List.of("ckpt_b a"), pairs.stream().filter(p -> p.getProblem() != null)
        .map(p -> byFolder.decode(p.getGroupKey()).get(GroupBy.PRED_DIR) + " " + p.getImageId()).toList());
    assertEquals(InputPairs.NO_PREDICTION, pairs.get(3).getProblem());
  }

  @Test
  void predDirIsAFolderColumnOnly() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(io.segeval.jobs.config.UsageException.class,
        () -> GroupBy.forTable(List.of(GroupBy.PRED_DIR), new org.apache.spark.sql.types.StructType()
            .add("image_id", "string").add("model", "string"), List.of("image_id")));
    assertEquals("--group-by: no column 'pred_dir' (available: model, image_dir); pred_dir is derived for --pred"
        + " folders only: give the table a column of the checkpoint, e.g. with pack --set model=...", e.getMessage());
  }

  @Test
  void theDatasetKeepsTheOrderInContiguousPartitions() {
    String[] ids = new String[37];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = String.format("img_%03d", i);
    }
    List<ImagePair> pairs = InputPairs.pair(files(ids), files(ids), GroupBy.NONE);
    Dataset<ImagePair> ds = InputPairs.toDataset(TestSpark.get(), pairs, 4);
    assertEquals(4, ds.rdd().getNumPartitions());
    assertEquals(ids(pairs), ids(ds.collectAsList()));
    assertEquals(List.of(ids), ids(pairs));
  }
}
