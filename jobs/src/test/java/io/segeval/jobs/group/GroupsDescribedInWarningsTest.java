package io.segeval.jobs.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segeval.jobs.input.GroupBy;
import io.segeval.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The groups a warning names: in group order, the first ten, then how many more. */
class GroupsDescribedInWarningsTest {
  private static final GroupBy BY_DIR = GroupBy.forFolders(List.of(GroupBy.IMAGE_DIR));

  /** Groups ckpt_01 .. ckpt_{n}, each with its number as its state, collected in a shuffled order. */
  private static Groups<Long> groups(int n) {
    List<Tuple2<String, Long>> rows = new ArrayList<>();
    for (int i = n; i >= 1; i--) {
      rows.add(new Tuple2<>(String.format("[\"ckpt_%02d\"]", i), (long) i));
    }
    Dataset<Tuple2<String, Long>> aggregated = TestSpark.get()
        .createDataset(rows, Encoders.tuple(Encoders.STRING(), Encoders.LONG()));
    return Groups.collect(aggregated, BY_DIR, () -> 0L, Long::sum);
  }

  @Test
  void theFirstTenInGroupOrderThenHowManyMore() {
    Groups<Long> g = groups(14);
    assertEquals("12 of 14 groups (image_dir=ckpt_03; image_dir=ckpt_04; image_dir=ckpt_05; image_dir=ckpt_06;"
        + " image_dir=ckpt_07; image_dir=ckpt_08; image_dir=ckpt_09; image_dir=ckpt_10; image_dir=ckpt_11;"
        + " image_dir=ckpt_12; and 2 more)", g.describeGroupsWhere(s -> s > 2, BY_DIR));
    assertEquals("2 of 14 groups (image_dir=ckpt_07; image_dir=ckpt_14)", g.describeGroupsWhere(s -> s % 7 == 0, BY_DIR));
    assertNull(g.describeGroupsWhere(s -> s > 14, BY_DIR));
    assertEquals("1 of 1 group (image_dir=ckpt_01)", groups(1).describeGroupsWhere(s -> true, BY_DIR));
  }
}
