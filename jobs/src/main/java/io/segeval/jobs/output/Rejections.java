package io.segeval.jobs.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;

import io.segeval.jobs.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.LinkedHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The skipped bad records of a run: every one is written to {@code OUTPUT/rejected/} (JSON lines:
 * image_id, file, reason), the exact count and the first items go into summary.json, and the log
 * says how many were skipped and why, grouped by reason (numbers in a reason masked as #).
 */
public final class Rejections {
  private static final Logger LOG = LogManager.getLogger(Rejections.class);

  private Rejections() {}

  /**
   * {@code rejected}: rows of (imageId, file, reason); {@code expected} how many there are (the
   * pairs that went in minus the images evaluated), so a run without bad records needs no job here.
   */
  public static Summary.Rejected collect(Dataset<Row> rejected, long expected, OutputDir out) {
    if (expected == 0) {
      return Summary.Rejected.NONE;
    }
    long count = rejected.count();
    if (count != expected) {
      throw new IllegalStateException("internal error: " + expected + " images were neither evaluated nor skipped, "
          + count + " skipped rows found");
    }
    Dataset<Row> named = rejected.toDF("image_id", "file", "reason").orderBy("image_id");
    named.coalesce(1).write().json(out.staged("rejected"));
    List<Summary.Item> items = new ArrayList<>();
    for (Row r : named.limit(Evaluation.MAX_REJECTED_ITEMS_IN_SUMMARY).collectAsList()) {
      items.add(new Summary.Item(r.getString(0), r.getString(1), r.getString(2)));
    }
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Row r : named.groupBy(regexp_replace(named.col("reason"), "-?[0-9][0-9.]*", "#").as("kind")).count()
        .orderBy(col("count").desc(), col("kind")).collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    LOG.warn("skipped {} bad record(s): {}", count, byReason);
    return new Summary.Rejected(count, Collections.unmodifiableMap(byReason), List.copyOf(items), count > items.size());
  }
}
