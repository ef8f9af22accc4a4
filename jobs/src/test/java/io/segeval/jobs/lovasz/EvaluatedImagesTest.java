package io.segeval.jobs.lovasz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.jobs.input.ImagePair;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** A partition's pairs meet their per-image outcomes by image_id and group, in any order. */
class EvaluatedImagesTest {
  private static ImagePair pair(String id, String group) {
    ImagePair p = new ImagePair();
    p.setImageId(id);
    p.setGroupKey(group);
    return p;
  }

  private static List<String> matched(List<ImagePair> pairs, List<PerImageOutcome> outcomes) {
    List<String> out = new ArrayList<>();
    Iterator<Tuple2<ImagePair, PerImageOutcome>> it = EvaluatedImages.match(pairs.iterator(), outcomes.iterator());
    it.forEachRemaining(t -> out.add(t._1().getImageId() + "/" + t._1().getGroupKey() + "="
        + (t._2().rejected() ? "rejected" : t._2().pixels())));
    return out;
  }

  @Test
  void matchesByImageIdAndGroupWhateverTheOrder() {
    List<ImagePair> pairs = List.of(pair("a", null), pair("b", "[\"m1\"]"), pair("b", "[\"m2\"]"));
    List<PerImageOutcome> outcomes = List.of(PerImageOutcome.evaluated("b", "[\"m2\"]", 6),
        PerImageOutcome.rejected("b", "[\"m1\"]"), PerImageOutcome.evaluated("a", null, 4));
    assertEquals(List.of("a/null=4", "b/[\"m1\"]=rejected", "b/[\"m2\"]=6"), matched(pairs, outcomes));
  }

  @Test
  void rowsSharingAnImageIdAndGroupMatchInOrder() {
    List<ImagePair> pairs = List.of(pair("dup", null), pair("dup", null));
    List<PerImageOutcome> outcomes = List.of(PerImageOutcome.rejected("dup", null), PerImageOutcome.rejected("dup", null));
    assertEquals(List.of("dup/null=rejected", "dup/null=rejected"), matched(pairs, outcomes));
  }

  @Test
  void aPairWithoutOutcomeIsAnInternalError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> matched(List.of(pair("a", null)), List.of(PerImageOutcome.evaluated("a", "[\"m1\"]", 4))));
    assertEquals("internal error: image 'a' has no result of the per-image stage in its partition", e.getMessage());
  }
}
