package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The pairing rules in plain Java, without a Spark session nor a file system: listed files are
 * made up, their paths never opened. The expected orders are Python's {@code sorted} of the same
 * strings (code points, as Spark sorts strings).
 */
class FilePairingTest {
  private static InputFile file(String root, String rel) {
    String path = "file:/" + root + "/" + rel;
    return new InputFile(InputFile.imageIdOf("file:/" + root, path), path, rel.length());
  }

  private static List<InputFile> files(String root, String... rels) {
    List<InputFile> files = new ArrayList<>();
    for (String rel : rels) {
      files.add(file(root, rel));
    }
    return files;
  }

  private static List<ImagePair> pair(List<InputFile> preds, List<InputFile> targets) {
    return FilePairing.pair(Map.of("", preds), targets, GroupBy.NONE);
  }

  /** image_id → problem (or "ok"), in pair order. */
  private static Map<String, String> problems(List<ImagePair> pairs) {
    Map<String, String> problems = new LinkedHashMap<>();
    pairs.forEach(p -> problems.put(p.getImageId(), p.getProblem() == null ? "ok" : p.getProblem()));
    return problems;
  }

  @Test
  void everyImageIdOnceWithTheFirstRuleThatHolds() {
    List<InputFile> preds = files("p", "notes.md", "g", "d.npy", "b.png", "b.npy", "c.npy", "a.npy");
    preds.add(InputFile.unreadable("e", "file:/p/e.npy", "cannot read the file: a symbolic link to nothing"));
    List<InputFile> targets = files("t", "e.txt", "c.png", "c.npy", "b.png", "a.png", "f.png");
    List<ImagePair> pairs = pair(preds, targets);

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("a", "ok");
    expected.put("b", "several prediction files share this image_id: b.npy, b.png");
    expected.put("c", "several target files share this image_id: c.npy, c.png");
    expected.put("d", "no target file for this prediction");
    // an unreadable file before an unsupported type on the other side
    expected.put("e", "cannot read the file: a symbolic link to nothing");
    expected.put("f", "no prediction file for this target");
    expected.put("g", "unsupported file type (no extension) (SegEval reads .npy and .png)");
    expected.put("notes", "unsupported file type '.md' (SegEval reads .npy and .png)");
    assertEquals(expected, problems(pairs));

    ImagePair ok = pairs.get(0);
    assertEquals("file:/p/a.npy", ok.getPredPath());
    assertEquals("file:/t/a.png", ok.getTargetPath());
    assertEquals(5L, ok.getPredLength());
    assertEquals(5L, ok.getTargetLength());
    // the first path of each side, the problem's file where a rule names one
    assertEquals("file:/p/b.npy", pairs.get(1).problemFile());
    assertEquals("file:/t/c.npy", pairs.get(2).problemFile());
    assertEquals("file:/p/e.npy", pairs.get(4).problemFile());
    assertNull(pairs.get(5).getPredPath());
    assertEquals("file:/t/f.png", pairs.get(5).problemFile());
    assertEquals("file:/p/g", pairs.get(6).problemFile());
  }

  @Test
  void oneFolderGivenAsBothSaysSo() {
    List<ImagePair> pairs = pair(files("masks", "img_1.npy", "img_1.png"), files("masks", "img_1.npy", "img_1.png"));
    assertEquals(Map.of("img_1", "several prediction files share this image_id: img_1.npy, img_1.png"
        + " (--pred and --target are one folder: SegEval pairs a folder of predictions with a folder of masks by"
        + " file name; give the predictions and the masks in two separate folders)"), problems(pairs));
    // two folders with the same names: no hint
    assertEquals(Map.of("img_1", "several prediction files share this image_id: img_1.npy, img_1.png"),
        problems(pair(files("p", "img_1.npy", "img_1.png"), files("t", "img_1.npy"))));
  }

  @Test
  void namesThatLookAlikeAreHintedOncePerPartner() {
    String nfc = "Caf\u00e9";
    String nfd = "cafe\u0301";
    List<ImagePair> pairs = pair(files("p", "IMG.npy", "img.npy", nfc + ".npy"), files("t", "Img.png", nfd + ".png"));
    Map<String, String> expected = new TreeMap<>();
    expected.put("IMG", "no target file for this prediction; the target 'Img' differs only in letter case");
    expected.put("Img", "no prediction file for this target; the prediction 'IMG' differs only in letter case");
    expected.put("img", "no target file for this prediction"); // Img is taken by IMG, the first in order
    expected.put(nfc, "no target file for this prediction; the target '" + nfd
        + "' differs only in letter case and Unicode normalization");
    expected.put(nfd, "no prediction file for this target; the prediction '" + nfc
        + "' differs only in letter case and Unicode normalization");
    assertEquals(expected, new TreeMap<>(problems(pairs)));
    assertEquals(List.of("Caf\u00e9", "IMG", "Img", "cafe\u0301", "img"), pairs.stream().map(ImagePair::getImageId).toList());
  }

  @Test
  void pairsSortInCodePointOrderGroupValuesFirst() {
    // U+1F600 is a surrogate pair in Java: String.compareTo puts it before U+E000, code points after
    String[] ids = {"b", "a/x", "a-b", "\uE000", "\uD83D\uDE00", "B", "a"};
    List<String> sorted = new ArrayList<>(List.of(ids));
    sorted.sort(SparkStringOrder.STRINGS);
    assertEquals(List.of("B", "a", "a-b", "a/x", "b", "\uE000", "\uD83D\uDE00"), sorted);

    GroupBy byFolder = GroupBy.forFolders(List.of(GroupBy.PRED_DIR, GroupBy.IMAGE_DIR));
    Map<String, List<InputFile>> preds = new LinkedHashMap<>();
    preds.put("ckpt_b", files("b", "x.npy", "\uD83D\uDE00/y.npy", "\uE000/z.npy"));
    preds.put("ckpt_a", files("a", "x.npy", "\uE000/z.npy"));
    List<ImagePair> pairs = FilePairing.pair(preds, files("t", "x.png", "\uD83D\uDE00/y.png", "\uE000/z.png"), byFolder);
    assertEquals(List.of(
        "[\"ckpt_a\",\"\"] x ok", "[\"ckpt_a\",\"\uE000\"] \uE000/z ok",
        "[\"ckpt_a\",\"\uD83D\uDE00\"] \uD83D\uDE00/y " + PairProblem.NO_PREDICTION,
        "[\"ckpt_b\",\"\"] x ok", "[\"ckpt_b\",\"\uE000\"] \uE000/z ok",
        "[\"ckpt_b\",\"\uD83D\uDE00\"] \uD83D\uDE00/y ok"),
        pairs.stream().map(p -> p.getGroupKey() + " " + p.getImageId() + " "
            + (p.getProblem() == null ? "ok" : p.getProblem())).toList());
  }
}
