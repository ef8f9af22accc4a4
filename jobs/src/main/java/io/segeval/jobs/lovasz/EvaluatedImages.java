package io.segeval.jobs.lovasz;

import io.segeval.jobs.input.ImagePair;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * A run's image pairs, each with what the per-image stage made of it ({@link PerImageOutcome}),
 * for a stage that reads the images again. The outcomes must have been made from these very pairs
 * (the same RDD) by a partition-wise map, as {@link io.segeval.jobs.group.CachedRows} makes its
 * rows: partition i of both then holds the same images. Within a partition they are matched by
 * image_id and group, so the order a recomputation of the pairs gives does not matter.
 */
public final class EvaluatedImages {
  private final JavaRDD<ImagePair> pairs;
  private final JavaRDD<PerImageOutcome> outcomes;

  public EvaluatedImages(JavaRDD<ImagePair> pairs, JavaRDD<PerImageOutcome> outcomes) {
    this.pairs = pairs;
    this.outcomes = outcomes;
  }

  /** {@code f} over each partition's pairs, each with its outcome. */
  <T> JavaRDD<T> mapPartitions(FlatMapFunction<Iterator<Tuple2<ImagePair, PerImageOutcome>>, T> f) {
    return pairs.zipPartitions(outcomes, (p, o) -> f.call(match(p, o)));
  }

  /** Each pair with the outcome of the same image_id and group (images sharing both: in order). */
  static Iterator<Tuple2<ImagePair, PerImageOutcome>> match(Iterator<ImagePair> pairs,
      Iterator<PerImageOutcome> outcomes) {
    Map<List<String>, Deque<PerImageOutcome>> byKey = new HashMap<>();
    outcomes.forEachRemaining(o -> byKey.computeIfAbsent(o.key(), k -> new ArrayDeque<>()).add(o));
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pairs.hasNext();
      }

      @Override
      public Tuple2<ImagePair, PerImageOutcome> next() {
        ImagePair pair = pairs.next();
        Deque<PerImageOutcome> same = byKey.get(PerImageOutcome.key(pair.getImageId(), pair.getGroupKey()));
        if (same == null || same.isEmpty()) {
          throw new IllegalStateException("internal error: image '" + pair.getImageId()
              + "' has no result of the per-image stage in its partition");
        }
        return new Tuple2<>(pair, same.poll());
      }
    };
  }
}
