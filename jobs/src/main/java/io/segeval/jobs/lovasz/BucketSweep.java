package io.segeval.jobs.lovasz;

import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.LovaszSweep;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import scala.Tuple2;

/**
 * Step 4 of the dataset-wide Lovász sort: each bucket's contribution to its series' loss, its runs
 * merged in descending order and swept from its offsets ({@link PrefixCounts#before}).
 */
final class BucketSweep {
  private BucketSweep() {}

  /**
   * Each bucket b of the partition with its contribution: its runs merged and swept with g = {@code g[b]}
   * from {@code before[b]}.
   */
  static Iterator<Tuple2<Integer, Double>> ofPartition(Iterator<Tuple2<Integer, byte[]>> it, double[] g,
      double[][] before) {
    Map<Integer, List<ErrorRuns>> chunks = new TreeMap<>();
    while (it.hasNext()) {
      Tuple2<Integer, byte[]> chunk = it.next();
      chunks.computeIfAbsent(chunk._1(), b -> new ArrayList<>()).add(ErrorRuns.fromBytes(chunk._2()));
    }
    List<Tuple2<Integer, Double>> out = new ArrayList<>();
    chunks.forEach((b, runs) -> out.add(new Tuple2<>(b,
        new LovaszSweep(g[b], before[b][0], before[b][1]).consume(ErrorRuns.merge(runs)).loss())));
    return out.iterator();
  }
}
