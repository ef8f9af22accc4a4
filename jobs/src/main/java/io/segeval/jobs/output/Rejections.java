package io.segeval.jobs.output;

import static org.apache.spark.sql.functions.col;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.Reason;
import io.segeval.jobs.group.Groups;
import io.segeval.jobs.input.GroupBy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The skipped bad records of a run: every one is written to {@code OUTPUT/rejected/} (JSON lines:
 * the {@code --group-by} columns, image_id, file, reason), the exact count and every item (with
 * its group) go into summary.json (spec §5: with skip, the job reports each one under
 * {@code rejected}), and the log
 * says how many were skipped and why, counted by the class of their reason (the reason with its
 * record's own values as #, carried from the bad-record exception: see {@code io.segeval.codec.Reason}).
 */
public final class Rejections {
  private static final Logger LOG = LogManager.getLogger(Rejections.class);
  /** The folder under OUTPUT that lists every skipped record. */
  static final String FOLDER = "rejected";

  /**
   * Skipped records named one per line in the log when they stop the run (more than
   * {@code --max-rejected}), since no {@code OUTPUT/rejected/} is written then.
   */
  static final int ITEMS_IN_LOG = 10;

  /** The map stage rows' columns of a skipped record (BinaryImageRow, MulticlassImageRow). */
  private static final String IMAGE_ID = "imageId";
  private static final String FILE = "file";
  private static final String REASON = "rejectReason";
  private static final String KIND = "rejectKind";
  /** The group key in the listing beside the group columns, whose names are the user's (even groupKey). */
  private static final String LISTED_KEY = "_segeval_group_key";

  /** The columns of {@code OUTPUT/rejected/} after the group columns. */
  public static final List<String> COLUMNS = List.of("image_id", "file", "reason");

  private Rejections() {}

  /** The map stage rows that are not skipped records: the images evaluated (and multiclass state rows). */
  public static Column notRejected() {
    return col(REASON).isNull();
  }

  /** One line per class of reason, its count first: how the console and the log show {@code by_reason}. */
  public static List<String> byReasonLines(Map<String, Long> byReason) {
    List<String> lines = new ArrayList<>();
    byReason.forEach((reason, n) -> lines.add(String.format(Locale.ROOT, "  %,8d  %s", n, reason)));
    return lines;
  }

  /**
   * {@code rows}: the map stage's rows, the skipped ones with a reason and its class;
   * {@code expected} how many were skipped (the pairs that went in minus the images evaluated), so
   * a run without bad records needs no job here. More than {@code maxRejected} (-1: no limit)
   * stops the run here, after the per-image stage and before any later one, with the first
   * {@link #ITEMS_IN_LOG} skipped records named in the log (and only those collected to the
   * driver). A run whose every record was skipped goes on (spec §5: with skip the job finishes and
   * reports each one under {@code rejected}); {@link Summary#nothingEvaluated} then makes it exit 1.
   *
   * @param groupBy the run's grouping: each skipped record is listed with its group
   */
  public static Summary.Rejected collect(Dataset<?> rows, long expected, OutputDir out,
      long maxRejected, GroupBy groupBy) {
    if (expected == 0) {
      return Summary.Rejected.NONE;
    }
    Dataset<Row> rejected = rows.toDF().filter(col(REASON).isNotNull());
    long count = rejected.count();
    if (count != expected) {
      throw new IllegalStateException("internal error: " + expected + " images were neither evaluated nor skipped, "
          + count + " skipped rows found");
    }
    // in per_image/'s order: by group (its columns first, with their input types), then image_id
    List<Column> columns = new ArrayList<>(Groups.perImageKeyColumns(groupBy, col(PerImageTable.GROUP_KEY)));
    columns.addAll(List.of(col(IMAGE_ID).as("image_id"), col(FILE).as("file"), col(REASON).as("reason"),
        col(PerImageTable.GROUP_KEY).as(LISTED_KEY)));
    Dataset<Row> listed = PerImageTable.inOrder(rejected.select(columns.toArray(new Column[0])), groupBy, false);
    listed.drop(LISTED_KEY).coalesce(1).write()
        .option("ignoreNullFields", "false") // a null group value is written, as in per_image/
        .json(out.staged(FOLDER));
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Row r : rejected.groupBy(col(KIND).as("kind")).count().orderBy(col("count").desc(), col("kind")).collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    LOG.warn("skipped {} bad record(s), by reason:", count);
    byReasonLines(byReason).forEach(LOG::warn);
    String records = count == 1 ? "record was" : "records were";
    if (maxRejected >= 0 && count > maxRejected) {
      logFirst(listed, groupBy, count);
      throw new BadRecordException(Reason.of("{} {} skipped, more than --max-rejected {}; see the reasons above",
          count, records, maxRejected));
    }
    // every item (spec §5); items_truncated stays in the output for its readers and is false
    List<Summary.Item> items = items(listed, groupBy, -1);
    return new Summary.Rejected(count, Collections.unmodifiableMap(byReason), List.copyOf(items), false);
  }

  /**
   * The stderr line of a run whose every record was skipped as bad ({@code count} of them), which
   * wrote its output into {@code outputUri} and exits 1.
   */
  public static String nothingEvaluatedLine(long count, String outputUri) {
    return "segeval: no image was evaluated: " + count + (count == 1 ? " record was" : " records were")
        + " skipped as bad; each is listed under rejected in " + outputUri.replaceFirst("/+$", "") + "/" + OutputDir.SUMMARY;
  }

  /** The first {@code limit} skipped records in order (all of them if {@code limit} is negative). */
  private static List<Summary.Item> items(Dataset<Row> listed, GroupBy groupBy, int limit) {
    Dataset<Row> rows = listed.select(LISTED_KEY, COLUMNS.toArray(new String[0]));
    List<Summary.Item> items = new ArrayList<>();
    for (Row r : (limit < 0 ? rows : rows.limit(limit)).collectAsList()) {
      items.add(new Summary.Item(r.getString(1), r.getString(2), r.getString(3),
          groupBy.isEmpty() ? null : groupBy.decode(r.getString(0))));
    }
    return items;
  }

  /** The first {@link #ITEMS_IN_LOG} skipped records, one WARN line each (image_id, file, reason), for a run they stop. */
  private static void logFirst(Dataset<Row> listed, GroupBy groupBy, long count) {
    namingLines(items(listed, groupBy, ITEMS_IN_LOG), count, "").forEach(LOG::warn);
  }

  /**
   * The lines that name the first of {@code count} skipped records ({@code items}, at most
   * {@link #ITEMS_IN_LOG} shown) and how many more there are; {@code soFar} is added to the header
   * (" so far" for a run stopped early).
   */
  public static List<String> namingLines(List<Summary.Item> items, long count, String soFar) {
    int shown = Math.min(items.size(), ITEMS_IN_LOG);
    String order = items.isEmpty() || items.get(0).group() == null ? "by image_id" : "by group, then image_id";
    List<String> lines = new ArrayList<>();
    lines.add("the skipped records" + soFar + (count > shown ? " (the first " + shown + ", " + order + ")" : "") + ":");
    for (Summary.Item item : items.subList(0, shown)) {
      lines.add("  image '" + item.imageId() + "' (" + item.file() + "): " + item.reason()
          + (item.group() == null ? "" : " (group " + GroupBy.label(item.group()).text() + ")"));
    }
    if (count > shown) {
      lines.add("  ... and " + (count - shown) + " more");
    }
    return lines;
  }

  /**
   * How many records of each {@code --group-by} group were skipped, by the group's key
   * ({@link Groups#keyOf}); one small job, and none when nothing was skipped.
   */
  public static Map<String, Long> countByGroup(Dataset<?> rows, Summary.Rejected rejected) {
    Map<String, Long> counts = new HashMap<>();
    if (rejected.count() > 0) {
      Dataset<Row> byGroup = rows.toDF().filter(col(REASON).isNotNull()).groupBy(col(PerImageTable.GROUP_KEY)).count();
      for (Row r : byGroup.collectAsList()) {
        counts.put(Groups.keyOf(r.getString(0)), r.getLong(1));
      }
    }
    return counts;
  }
}
