package io.segeval.jobs.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.InputPairs;
import io.segeval.testing.TestSpark;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.storage.BlockId;
import org.junit.jupiter.api.Test;

/**
 * The kept rows are gone when {@link CachedRows#close} returns: a removal still under way when the
 * session stops makes Spark print a RejectedExecutionException trace after SegEval's own message.
 */
class CachedRowsTest {
  /** The blocks of an RDD the driver's block manager (local mode: the only one) holds. */
  private static List<BlockId> blocksOf(int rddId) {
    return scala.jdk.javaapi.CollectionConverters.asJava(SparkEnv.get().blockManager()
        .getMatchingBlockIds(id -> id.asRDDId().isDefined() && id.asRDDId().get().rddId() == rddId));
  }

  private static Set<Object> persisted() {
    return new HashSet<>(scala.jdk.javaapi.CollectionConverters.asJava(
        TestSpark.get().sparkContext().getPersistentRDDs().keySet()));
  }

  @Test
  void closeReturnsOnceTheKeptRowsAreRemoved() {
    List<ImagePair> pairs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ImagePair p = new ImagePair();
      p.setImageId("img_" + i);
      pairs.add(p);
    }
    MapPartitionsFunction<ImagePair, ImagePair> same = it -> it;
    for (int run = 0; run < 20; run++) {
      Set<Object> before = Set.copyOf(persisted());
      CachedRows<ImagePair> cached = CachedRows.of(InputPairs.toDataset(TestSpark.get(), pairs, 4), same, ImagePair.class, null);
      Set<Object> added = new HashSet<>(persisted());
      added.removeAll(before);
      assertEquals(1, added.size(), added.toString());
      int rddId = (Integer) added.iterator().next();
      assertEquals(8, cached.rows().count());
      List<BlockId> kept = blocksOf(rddId);
      assertEquals(4, kept.size(), "one kept block per partition: " + kept);
      cached.close();
      assertTrue(blocksOf(rddId).isEmpty(), "removed when close returns: " + blocksOf(rddId));
    }
  }
}
