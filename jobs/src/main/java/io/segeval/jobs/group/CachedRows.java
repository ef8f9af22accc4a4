package io.segeval.jobs.group;

import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.limit.SkipCounting;
import io.segeval.jobs.lovasz.EvaluatedImages;
import io.segeval.jobs.lovasz.PerImageOutcome;
import io.segeval.jobs.run.RunJobs;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.storage.StorageLevel;

/**
 * The per-image rows of a run, computed once and kept (in memory, spilling to disk) for the
 * aggregate and the outputs that read them. It is the RDD of rows that is persisted, not a
 * Dataset: under adaptive execution a persisted Dataset is built by a job of its own and then read
 * back by the aggregate's job, whereas the first job over a persisted RDD computes the rows, keeps
 * them and feeds the aggregate's shuffle in one pass.
 *
 * @param <R> the row bean
 */
public final class CachedRows<R> implements AutoCloseable {
  private final JavaRDD<ImagePair> pairs;
  private final JavaRDD<R> rdd;
  private final Dataset<R> rows;

  private CachedRows(JavaRDD<ImagePair> pairs, JavaRDD<R> rdd, Dataset<R> rows) {
    this.pairs = pairs;
    this.rdd = rdd;
    this.rows = rows;
  }

  /**
   * The rows {@code evaluator} makes of {@code pairs}, a partition at a time, as beans of
   * {@code type}; each partition's skipped records counted by {@code counting} (null: not counted).
   */
  public static <R> CachedRows<R> of(Dataset<ImagePair> pairs, MapPartitionsFunction<ImagePair, R> evaluator,
      Class<R> type, SkipCounting<R> counting) {
    Function2<Integer, java.util.Iterator<ImagePair>, java.util.Iterator<R>> perPartition = (partition, in) ->
        counting == null ? evaluator.call(in) : counting.counted(partition, evaluator.call(in));
    JavaRDD<ImagePair> pairRdd = pairs.javaRDD();
    JavaRDD<R> rdd = pairRdd.mapPartitionsWithIndex(perPartition, true).persist(StorageLevel.MEMORY_AND_DISK());
    return new CachedRows<>(pairRdd, rdd, pairs.sparkSession().createDataset(rdd.rdd(), Encoders.bean(type)));
  }

  /** How many partitions the rows are made in. */
  public int partitions() {
    return pairs.getNumPartitions();
  }

  /** The rows as a Dataset (every query over it reads the kept rows after the first). */
  public Dataset<R> rows() {
    return rows;
  }

  /**
   * The pairs, each with what its row says the evaluator made of it, for a stage that reads the
   * images again: the very pairs RDD the rows were made of, with the kept rows.
   *
   * @param outcome an image row's outcome, null for a row that is not about one image
   */
  public EvaluatedImages evaluatedImages(Function<R, PerImageOutcome> outcome) {
    return new EvaluatedImages(pairs, rdd.map(outcome).filter(o -> o != null));
  }

  /** Frees the kept rows when the run ends ({@link RunJobs#unpersistAtEnd}: not under a failed job's tasks). */
  @Override
  public void close() {
    RunJobs.unpersistAtEnd(rdd.rdd());
  }
}
