package io.segeval.jobs.evaluate;

import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.output.Elements;
import java.util.Iterator;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts the 3-D volumes and the 2-D images the map stage evaluates ({@link MapStageRow#volume}),
 * in two accumulators, for the words the console and the log use of their elements
 * ({@link Elements}: voxels for volumes). A task run again counts again: only whether each count is
 * 0 is read.
 */
final class EvaluatedShapes {
  private final LongAccumulator volumes;
  private final LongAccumulator images;

  private EvaluatedShapes(SparkContext sc) {
    this.volumes = sc.longAccumulator("segeval volumes evaluated");
    this.images = sc.longAccumulator("segeval 2-D images evaluated");
  }

  static EvaluatedShapes register(SparkContext sc) {
    return new EvaluatedShapes(sc);
  }

  /** {@code evaluator}, each row of an image it evaluates counted as a volume or an image. */
  <R extends MapStageRow> MapPartitionsFunction<ImagePair, R> counting(MapPartitionsFunction<ImagePair, R> evaluator) {
    return new Counting<>(evaluator, volumes, images);
  }

  /** What the run's elements are called, once the map stage has run. */
  Elements elements() {
    return Elements.of(volumes.value(), images.value());
  }

  /** The evaluator over an iterator of rows that adds each evaluated image to its accumulator. */
  private record Counting<R extends MapStageRow>(MapPartitionsFunction<ImagePair, R> evaluator,
      LongAccumulator volumes, LongAccumulator images) implements MapPartitionsFunction<ImagePair, R> {
    @Override
    public Iterator<R> call(Iterator<ImagePair> pairs) throws Exception {
      Iterator<R> rows = evaluator.call(pairs);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public R next() {
          R row = rows.next();
          Boolean volume = row.volume();
          if (volume != null) {
            (volume ? volumes : images).add(1);
          }
          return row;
        }
      };
    }
  }
}
