package io.segeval.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.input.InputFile;
import io.segeval.jobs.input.InputPairs;
import io.segeval.jobs.output.HistoryTaskConflictException;
import io.segeval.jobs.output.RunHistory;
import io.segeval.testing.ReferenceData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate with its inputs on, and its outputs to, a real HDFS: a MiniDFSCluster (a NameNode
 * and a DataNode in this JVM, every server on 127.0.0.1) from hadoop-client-minicluster, whose
 * version is Spark's Hadoop version. Spark runs in local mode, as any client of the file system.
 */
@Tag("cluster")
class HdfsEvaluationTest {
  private static final Path BIN_PUBLIC = ReferenceData.dir("bin_public");

  @TempDir static Path tmp;
  private static MiniDFSCluster hdfs;
  private static FileSystem fs;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown(true);
    }
  }

  @Test
  void everyServerOfTheMiniClusterIsOnLoopback() {
    List<InetSocketAddress> addresses = new ArrayList<>();
    addresses.add(hdfs.getNameNode().getNameNodeAddress());
    addresses.add(hdfs.getNameNode().getHttpAddress());
    for (DataNode dn : hdfs.getDataNodes()) {
      addresses.add(dn.getXferAddress());
      addresses.add(new InetSocketAddress(dn.getDatanodeId().getIpAddr(), dn.getIpcPort()));
      addresses.add(new InetSocketAddress(dn.getDatanodeId().getIpAddr(), dn.getInfoPort()));
    }
    for (InetSocketAddress a : addresses) {
      assertTrue(a.getAddress().isLoopbackAddress(), a + " is not on 127.0.0.1");
    }
  }

  @Test
  void evaluateReadsAndWritesHdfs() throws IOException {
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(BIN_PUBLIC.toUri()),
        new org.apache.hadoop.fs.Path("/data/bin_public"));
    String root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    String output = root + "/results/bin_public";
    CliRun run = CliRun.of("evaluate",
        "--pred", root + "/data/bin_public/pred", "--target", root + "/data/bin_public/mask", "--output", output,
        "--tversky-alpha", "0.3", "--tversky-beta", "0.7", "--lovasz", "both", "--per-image-format", "json");
    assertEquals(0, run.exitCode(), run.err());

    JsonNode summary = Summaries.read(readHdfs(output + "/summary.json"));
    Summaries.assertMatchesReference(ReferenceData.expected("bin_public"), summary, 1e-9);
    List<String> lines = new ArrayList<>();
    for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(output + "/per_image"))) {
      if (part.getPath().getName().startsWith("part-")) {
        lines.addAll(readHdfs(part.getPath().toString()).lines().filter(l -> !l.isBlank()).toList());
      }
    }
    assertEquals(16, Summaries.perImageIds(lines).size());
    // the part files, in name order, hold the images in image_id order (no sort: the listing's order)
    List<String> ids = lines.stream().map(l -> Summaries.read(l).get("image_id").asText()).toList();
    assertEquals(ids.stream().sorted().toList(), ids);
    // Committed: only OUTPUT is left under results/, no staging folder.
    FileStatus[] results = fs.listStatus(new org.apache.hadoop.fs.Path("/results"));
    assertEquals(1, results.length, java.util.Arrays.toString(results));
    assertFalse(results[0].getPath().getName().startsWith("."));
  }

  @Test
  void folderListingOnHdfsIsRecursiveAndSkipsHiddenNames() throws IOException {
    for (String rel : List.of("a.npy", "sub/deep/b.npy", "_temporary/0/c.npy", ".a.npy.crc", "_SUCCESS", "d.npy._COPYING_")) {
      fs.create(new org.apache.hadoop.fs.Path("/listing/" + rel)).close();
    }
    String root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/listing";
    List<InputFile> files = InputPairs.list(fs.getConf(), root);
    assertEquals(List.of("a", "sub/deep/b"), files.stream().map(InputFile::getImageId).toList());
    assertEquals(root + "/sub/deep/b.npy", files.get(1).getPath());
  }

  /**
   * The history's task marker is created through Hadoop on HDFS (a rename without overwrite: once,
   * at the NameNode): of a binary and a multiclass run that make one new history at once, one
   * appends and the other exits 1 before it commits OUTPUT, and neither leaves a staging folder.
   */
  @Test
  void ofTwoTasksMakingOneNewHdfsHistoryAtOnceOneAppends() throws Exception {
    Path mc = ReferenceData.dir("mc_public");
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(BIN_PUBLIC.toUri()),
        new org.apache.hadoop.fs.Path("/race/bin"));
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(mc.toUri()), new org.apache.hadoop.fs.Path("/race/mc"));
    String root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/race";
    String history = root + "/history";
    List<String[]> runs = List.of(
        new String[] {"evaluate", "--pred", root + "/bin/pred", "--target", root + "/bin/mask", "--output",
            root + "/out-binary", "--history", history},
        new String[] {"evaluate", "--task", "multiclass", "--num-classes", "5", "--pred", root + "/mc/pred", "--target",
            root + "/mc/mask", "--output", root + "/out-multiclass", "--history", history});
    CyclicBarrier start = new CyclicBarrier(runs.size());
    ExecutorService threads = Executors.newFixedThreadPool(runs.size());
    List<Future<CliRun>> running = new ArrayList<>();
    try {
      for (String[] args : runs) {
        running.add(threads.submit(() -> {
          start.await();
          return CliRun.of(args);
        }));
      }
    } finally {
      threads.shutdown();
    }
    CliRun binary = running.get(0).get();
    CliRun multiclass = running.get(1).get();
    assertEquals(List.of(0, 1), java.util.stream.Stream.of(binary.exitCode(), multiclass.exitCode()).sorted().toList(),
        binary.err() + multiclass.err());
    String winner = binary.exitCode() == 0 ? "binary" : "multiclass";
    CliRun lost = binary.exitCode() == 0 ? multiclass : binary;
    assertEquals("segeval: " + lostRace(history, winner) + "\n", lost.err());
    assertEquals(winner + "\n", readHdfs(history + "/_segeval-task"));
    // the loser found out before it committed OUTPUT: no OUTPUT, nor its hidden staging folder
    assertEquals(List.of("bin", "history", "mc", "out-" + winner), names("/race"));
    List<String> names = names("/race/history");
    assertEquals(List.of("_segeval-task"), names.stream().filter(n -> n.startsWith("_")).toList(), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("date=")), names.toString());
  }

  /**
   * On HDFS the marker's line is written into a file of its own and renamed to the marker without
   * overwrite, which the NameNode does once: of claims racing for a new table, one task wins, every
   * loser is refused naming it, and only the marker is left, with its line.
   */
  @Test
  void ofClaimsRacingForANewHdfsHistoryOneTaskWins() throws Exception {
    assertFalse(fs.hasPathCapability(new org.apache.hadoop.fs.Path("/"), "fs.option.create.conditional.overwrite"),
        "HDFS takes the rename, not the object stores' conditional upload");
    int claimers = 6;
    ExecutorService threads = Executors.newFixedThreadPool(claimers);
    try {
      for (int round = 0; round < 5; round++) {
        String table = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/claims/table-" + round;
        CyclicBarrier start = new CyclicBarrier(claimers);
        List<Future<String>> claims = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
          String task = i % 2 == 0 ? "binary" : "multiclass";
          claims.add(threads.submit(() -> {
            start.await();
            try {
              RunHistory.claim(fs.getConf(), table, task);
              return task;
            } catch (HistoryTaskConflictException e) {
              return "refused: " + e.getMessage();
            }
          }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> claim : claims) {
          outcomes.add(claim.get());
        }
        String winner = readHdfs(table + "/_segeval-task").strip();
        String refusal = "refused: " + lostRace(table, winner);
        assertEquals(List.of(winner, refusal), outcomes.stream().distinct().sorted(
            java.util.Comparator.comparing((String o) -> o.startsWith("refused"))).toList(), "round " + round);
        assertEquals(List.of("_segeval-task"), names("/claims/table-" + round), "round " + round);
      }
    } finally {
      threads.shutdown();
    }
  }

  /** The refusal of a run of the other task than {@code winner}'s, which claimed {@code history} first. */
  private static String lostRace(String history, String winner) {
    String loser = winner.equals("binary") ? "multiclass" : "binary";
    return "--history " + history + " became a " + winner + " history while this " + loser + " run ran (a " + winner
        + " run claimed it first; its _segeval-task says so): nothing of this run is written, no OUTPUT and no"
        + " history rows; keep one history table per task";
  }

  /** The names in the HDFS folder {@code path}, sorted. */
  private static List<String> names(String path) throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(path))) {
      names.add(s.getPath().getName());
    }
    return names.stream().sorted().toList();
  }

  private static String readHdfs(String uri) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        fs.open(new org.apache.hadoop.fs.Path(uri)), StandardCharsets.UTF_8))) {
      StringBuilder text = new StringBuilder();
      r.lines().forEach(l -> text.append(l).append('\n'));
      return text.toString();
    }
  }
}
