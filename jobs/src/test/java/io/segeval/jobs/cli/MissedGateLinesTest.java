package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The stderr lines of missed gates: every one up to 20, then a count of the rest. */
class MissedGateLinesTest {
  private static List<String> missed(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "rejected = 2 is over the maximum 0 by 2 (group pred_dir=ckpt_"
        + i + ")").toList();
  }

  @Test
  void twentyMissedGatesAreTwentyLines() {
    List<String> lines = MissedGateLines.of(missed(20), "/results/sweep");
    assertEquals(20, lines.size());
    assertEquals("segeval: quality gate failed: rejected = 2 is over the maximum 0 by 2 (group pred_dir=ckpt_20)",
        lines.get(19));
  }

  @Test
  void moreAreTheFirstTwentyAndOneLineCountingTheRest() {
    List<String> lines = MissedGateLines.of(missed(300), "hdfs://nn:8020/results/sweep/");
    assertEquals(21, lines.size());
    assertEquals("segeval: quality gate failed: rejected = 2 is over the maximum 0 by 2 (group pred_dir=ckpt_1)",
        lines.get(0));
    assertEquals("segeval: quality gate failed: rejected = 2 is over the maximum 0 by 2 (group pred_dir=ckpt_20)",
        lines.get(19));
    assertEquals("segeval: ... and 280 more missed gates (all in hdfs://nn:8020/results/sweep/summary.json)",
        lines.get(20));
  }
}
