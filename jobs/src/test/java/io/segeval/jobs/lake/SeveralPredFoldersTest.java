package io.segeval.jobs.lake;

import static io.segeval.jobs.lake.LakeRuns.assertSameValues;
import static io.segeval.jobs.lake.LakeRuns.expect;
import static io.segeval.jobs.lake.LakeRuns.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.NpyWriter;
import io.segeval.jobs.CliRun;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code --pred} folders against one {@code --target}: one group per folder
 * ({@code --group-by pred_dir}), each equal to a run of that folder alone.
 */
class SeveralPredFoldersTest {
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");
  private static final Path DATA = ReferenceData.dir("bin_public");

  @TempDir static Path tmp;
  private static Path ckpt10; // bin_public's predictions
  private static Path ckpt20; // the same with img_003's logits negated
  private static Path both; // the output of the run of both folders
  private static Path history;

  static String[] evaluate(Path output, String... more) {
    return CliRun.concat(new String[] {"evaluate", "--target", DATA.resolve("mask").toString(), "--output",
        output.toString(), "--tversky-alpha", "0.3", "--tversky-beta", "0.7", "--lovasz", "both",
        "--per-image-format", "json"}, more);
  }

  @BeforeAll
  static void runOnce() throws IOException {
    ckpt10 = copyOfPredictions(tmp.resolve("preds/ckpt_10"));
    ckpt20 = copyOfPredictions(tmp.resolve("preds/ckpt_20"));
    Path altered = ckpt20.resolve("img_003.npy");
    NdArray a = MaskCodecs.decode(altered.toString(), Files.readAllBytes(altered), Long.MAX_VALUE, null);
    float[] negated = new float[a.data().length];
    for (int i = 0; i < negated.length; i++) {
      negated[i] = (float) -a.data()[i];
    }
    Files.write(altered, NpyWriter.encodeFloat32(a.shape(), negated));
    both = tmp.resolve("both");
    history = tmp.resolve("history");
    CliRun run = expect(0, evaluate(both, "--pred", ckpt10.toString(), "--pred", ckpt20.toString(),
        "--group-by", "pred_dir", "--history", history.toString(), "--fail-under", "dice=0.5"));
    assertTrue(run.out().contains("by pred_dir (2 groups"), run.out());
  }

  static Path copyOfPredictions(Path folder) {
    try (var files = Files.walk(DATA.resolve("pred"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path copy = folder.resolve(DATA.resolve("pred").relativize(p).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(p, copy);
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The summary of a run of one prediction folder alone. */
  static JsonNode alone(Path pred) {
    Path out = tmp.resolve("alone-" + pred.getFileName());
    if (Files.notExists(out)) {
      expect(0, evaluate(out, "--pred", pred.toString()));
    }
    return CliRun.summary(out);
  }

  @Test
  void eachFoldersGroupIsARunOfThatFolderAlone() {
    JsonNode s = CliRun.summary(both);
    assertEquals("pred_dir", s.get("group_by").get(0).asText());
    assertEquals(32, s.get("images").asLong());
    assertEquals(2, s.get("groups").size());
    assertEquals("{\"pred_dir\":\"ckpt_10\"}", s.get("groups").get(0).get("key").toString());
    for (Path pred : List.of(ckpt10, ckpt20)) {
      JsonNode g = group(s, "pred_dir", pred.getFileName().toString());
      JsonNode alone = alone(pred);
      assertEquals(16, g.get("images").asLong());
      assertSameValues(alone.get("dataset"), g.get("dataset"), 1e-12, pred + " dataset");
      assertSameValues(alone.get("per_image_mean"), g.get("per_image_mean"), 1e-12, pred + " per_image_mean");
    }
    // real values: the unchanged folder is bin_public's reference, the altered one differs
    JsonNode g10 = group(s, "pred_dir", "ckpt_10");
    JsonNode g20 = group(s, "pred_dir", "ckpt_20");
    assertSameValues(EXPECTED.get("dataset"), g10.get("dataset"), 1e-9, "ckpt_10 vs expected.json");
    assertNotEquals(g10.get("dataset").get("dice").asDouble(), g20.get("dataset").get("dice").asDouble());
  }

  @Test
  void perImageRowsAndMetricsCarryPredDirInGroupOrder() {
    List<String> order = new ArrayList<>();
    Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
    try (var files = Files.list(both.resolve("per_image"))) {
      for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        for (String line : Files.readAllLines(part)) {
          JsonNode row = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
          order.add(row.get("pred_dir").asText() + "\t" + row.get("image_id").asText());
          rows.put(order.get(order.size() - 1), row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(32, order.size());
    assertEquals(order.stream().sorted().toList(), order, "pred_dir, then image_id, unsorted by Spark");
    EXPECTED.get("per_image").fields().forEachRemaining(e ->
        assertSameValues(e.getValue(), rows.get("ckpt_10\t" + e.getKey()), 1e-9, "per_image ckpt_10 " + e.getKey()));
    List<Row> metrics = TestSpark.get().read().parquet(both.resolve("metrics").toString()).orderBy("pred_dir")
        .collectAsList();
    assertEquals(List.of("ckpt_10", "ckpt_20"), metrics.stream().map(r -> r.<String>getAs("pred_dir")).toList());
  }

  @Test
  void historyHasARowPerFolderAndNamesEveryFolder() {
    List<Row> rows = TestSpark.get().read().parquet(history.toString())
        .selectExpr("group_key['pred_dir'] AS dir", "images", "inputs").orderBy("dir").collectAsList();
    assertEquals(List.of("null 32", "ckpt_10 16", "ckpt_20 16"),
        rows.stream().map(r -> r.getString(0) + " " + r.getLong(1)).toList());
    assertEquals("file:" + ckpt10 + ", file:" + ckpt20 + " and file:" + DATA.resolve("mask"), rows.get(0).getString(2));
  }

  @Test
  void aGlobAndCommaSeparatedFoldersGiveTheSameGroups() {
    JsonNode s = CliRun.summary(both);
    Path glob = tmp.resolve("glob");
    expect(0, evaluate(glob, "--pred", tmp.resolve("preds").toString() + "/ckpt_*", "--group-by", "pred_dir"));
    Path braces = tmp.resolve("braces");
    expect(0, evaluate(braces, "--pred", tmp.resolve("preds") + "/ckpt_{10,20}", "--group-by", "pred_dir"));
    Path comma = tmp.resolve("comma");
    expect(0, evaluate(comma, "--pred", ckpt10 + "," + ckpt20, "--group-by", "pred_dir"));
    for (Path out : List.of(glob, braces, comma)) {
      JsonNode other = CliRun.summary(out);
      assertEquals(s.get("groups").size(), other.get("groups").size(), out.toString());
      for (String dir : List.of("ckpt_10", "ckpt_20")) {
        assertSameValues(group(s, "pred_dir", dir).get("dataset"), group(other, "pred_dir", dir).get("dataset"), 1e-12,
            out + " " + dir);
      }
    }
  }

  @Test
  void predDirWithImageDirSplitsEachFolderBySubfolder() {
    Path out = tmp.resolve("two-columns");
    expect(0, evaluate(out, "--pred", ckpt10 + "," + ckpt20, "--group-by", "image_dir,pred_dir"));
    JsonNode groups = CliRun.summary(out).get("groups");
    List<String> keys = new ArrayList<>();
    groups.forEach(g -> keys.add(g.get("key").toString()));
    assertEquals(List.of("{\"image_dir\":\"\",\"pred_dir\":\"ckpt_10\"}", "{\"image_dir\":\"\",\"pred_dir\":\"ckpt_20\"}",
        "{\"image_dir\":\"sub_a\",\"pred_dir\":\"ckpt_10\"}", "{\"image_dir\":\"sub_a\",\"pred_dir\":\"ckpt_20\"}"), keys);
    assertEquals(3, groups.get(2).get("images").asLong());
  }

  @Test
  void qualityGatesLookAtEachFolder() {
    JsonNode s = CliRun.summary(both);
    double dice10 = group(s, "pred_dir", "ckpt_10").get("dataset").get("dice").asDouble();
    double dice20 = group(s, "pred_dir", "ckpt_20").get("dataset").get("dice").asDouble();
    assertTrue(dice20 < dice10, dice20 + " vs " + dice10);
    double between = (dice10 + dice20) / 2;
    CliRun run = expect(3, evaluate(tmp.resolve("gated"), "--pred", ckpt10 + "," + ckpt20, "--group-by", "pred_dir",
        "--fail-under", "dice=" + between));
    List<String> missed = run.err().lines().toList();
    assertEquals(1, missed.size(), run.err());
    assertTrue(missed.get(0).startsWith("segeval: quality gate failed: dice ")
        && missed.get(0).endsWith("(group pred_dir=ckpt_20)"), missed.get(0));
  }

  @Test
  void oneFolderMayBeGroupedByPredDir() {
    Path out = tmp.resolve("one");
    expect(0, evaluate(out, "--pred", ckpt20.toString(), "--group-by", "pred_dir"));
    JsonNode s = CliRun.summary(out);
    assertEquals(1, s.get("groups").size());
    assertSameValues(alone(ckpt20).get("dataset"), group(s, "pred_dir", "ckpt_20").get("dataset"), 1e-12, "one group");
  }

  @Test
  void aFolderWithACommaInItsNameIsGivenAsAGlob() {
    Path commaNamed = copyOfPredictions(tmp.resolve("preds-comma/run,lr0.1"));
    Path out = tmp.resolve("comma-named");
    expect(0, evaluate(out, "--pred", tmp.resolve("preds-comma") + "/run?lr0.1"));
    assertSameValues(alone(ckpt10).get("dataset"), CliRun.summary(out).get("dataset"), 1e-12, commaNamed.toString());
  }

  @Test
  void severalFoldersWithoutGroupByPredDirAreRefused() {
    for (String[] groupBy : List.of(new String[0], new String[] {"--group-by", "image_dir"})) {
      Path out = tmp.resolve("refused-no-group");
      CliRun run = expect(2, CliRun.concat(evaluate(out, "--pred", ckpt10.toString(), "--pred", ckpt20.toString()),
          groupBy));
      assertEquals("segeval: --pred names 2 prediction folders (ckpt_10, ckpt_20): add --group-by pred_dir for one"
          + " result per folder (a comma outside glob braces separates folders: give a folder whose name holds one as"
          + " a glob, with ? for the comma)", run.err().lines().findFirst().orElse(""));
      assertTrue(Files.notExists(out), "refused before OUTPUT is made");
    }
  }

  @Test
  void anOutputInsideAFolderTheGlobMatchesIsRefused() {
    Path out = ckpt10.resolve("results");
    CliRun run = expect(2, evaluate(out, "--pred", tmp.resolve("preds") + "/ckpt_*", "--group-by", "pred_dir"));
    assertEquals("segeval: --output " + out + " is inside --pred file:" + ckpt10 + "; choose an output folder apart from"
        + " the inputs (--overwrite would delete them)", run.err().lines().findFirst().orElse(""));
    assertTrue(Files.notExists(out));
  }

  @Test
  void twoFoldersOfOneNameAreRefused() {
    Path other = copyOfPredictions(tmp.resolve("elsewhere/ckpt_10"));
    Path out = tmp.resolve("refused-same-name");
    CliRun run = expect(2, evaluate(out, "--pred", ckpt10 + "," + other, "--group-by", "pred_dir"));
    assertEquals("segeval: --pred: " + ckpt10 + " and " + other + " have the same last path segment 'ckpt_10', which"
        + " names their group (pred_dir); give prediction folders distinct names", run.err().lines().findFirst().orElse(""));
    assertTrue(Files.notExists(out));
  }

  @Test
  void aGlobThatMatchesNoFolderIsRefused() {
    String pattern = tmp.resolve("preds") + "/epoch_*";
    Path out = tmp.resolve("refused-glob");
    CliRun run = expect(2, evaluate(out, "--pred", pattern, "--group-by", "pred_dir"));
    assertTrue(run.err().lines().findFirst().orElse("").startsWith("segeval: --pred " + pattern + ": the pattern matches no"
        + " folder; " + tmp.resolve("preds") + " holds "), run.err());
    // files only: no folder either
    String files = ckpt10 + "/img_00*";
    run = expect(2, evaluate(out, "--pred", files, "--group-by", "pred_dir"));
    assertTrue(run.err().lines().findFirst().orElse("").startsWith("segeval: --pred " + files + ": the pattern matches"
        + " no folder; " + ckpt10 + " holds "), run.err());
    assertTrue(Files.notExists(out));
  }

  @Test
  void aMissingPredictionIsABadRecordOfItsFolderOnly() throws IOException {
    Path partial = copyOfPredictions(tmp.resolve("partial/ckpt_30"));
    Files.delete(partial.resolve("img_005.npy"));
    Path out = tmp.resolve("skip");
    expect(0, evaluate(out, "--pred", ckpt10 + "," + partial, "--group-by", "pred_dir", "--on-bad-record", "skip"));
    JsonNode s = CliRun.summary(out);
    assertEquals(1, s.get("rejected").get("count").asLong());
    assertEquals(0, group(s, "pred_dir", "ckpt_10").get("rejected").asLong());
    assertEquals(16, group(s, "pred_dir", "ckpt_10").get("images").asLong());
    assertEquals(1, group(s, "pred_dir", "ckpt_30").get("rejected").asLong());
    assertEquals(15, group(s, "pred_dir", "ckpt_30").get("images").asLong());
    // the item names the target file (in no prediction folder): its group says which folder lacks the prediction
    JsonNode item = s.get("rejected").get("items").get(0);
    assertEquals("img_005", item.get("image_id").asText());
    assertEquals("no prediction file for this target", item.get("reason").asText());
    assertEquals("{\"pred_dir\":\"ckpt_30\"}", item.get("group").toString());
    // OUTPUT/rejected/ too: the group columns first, as in per_image/
    JsonNode line = CliRun.jsonLines(out.resolve("rejected"), "image_id").get("img_005");
    assertEquals(List.of("pred_dir", "image_id", "file", "reason"), fieldNames(line));
    assertEquals("ckpt_30", line.get("pred_dir").asText());
    // with fail, the pairing problem stops the run before any Spark job
    CliRun fail = expect(1, evaluate(tmp.resolve("fail"), "--pred", ckpt10 + "," + partial, "--group-by", "pred_dir"));
    String first = fail.err().lines().findFirst().orElse("");
    // the image_id is in every folder: the message names the folder's group that lacks it
    assertTrue(first.startsWith("segeval: image 'img_005'")
        && first.endsWith(": no prediction file for this target (group pred_dir=ckpt_30)"), first);
  }

  @Test
  void multiclassFoldersAreGroupedTheSameWay() throws IOException {
    Path mc = ReferenceData.dir("mc_public");
    Path a = tmp.resolve("mc/run_a");
    Path b = tmp.resolve("mc/run_b");
    for (Path folder : List.of(a, b)) {
      Files.createDirectories(folder);
      try (var files = Files.list(mc.resolve("pred"))) {
        for (Path p : files.toList()) {
          Files.copy(p, folder.resolve(p.getFileName()));
        }
      }
    }
    Files.delete(b.resolve("img_009.npy")); // run_b has one image fewer
    String[] common = {"evaluate", "--task", "multiclass", "--num-classes", "5", "--target", mc.resolve("mask").toString(),
        "--on-bad-record", "skip", "--lovasz", "both"};
    Path out = tmp.resolve("mc-both");
    expect(0, CliRun.concat(common, "--pred", a + "," + b, "--group-by", "pred_dir", "--output", out.toString()));
    JsonNode s = CliRun.summary(out);
    for (Path folder : List.of(a, b)) {
      Path single = tmp.resolve("mc-" + folder.getFileName());
      expect(0, CliRun.concat(common, "--pred", folder.toString(), "--output", single.toString()));
      JsonNode g = group(s, "pred_dir", folder.getFileName().toString());
      assertSameValues(CliRun.summary(single).get("dataset"), g.get("dataset"), 1e-12, folder + " dataset");
    }
    assertEquals(10, group(s, "pred_dir", "run_a").get("images").asLong());
    assertEquals(9, group(s, "pred_dir", "run_b").get("images").asLong());
    assertSameValues(ReferenceData.expected("mc_public").get("dataset"), group(s, "pred_dir", "run_a").get("dataset"),
        1e-9, "run_a vs expected.json");
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
