package io.segeval.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The naive Spark SQL way to the same sums, over a Parquet table {@code (image_id, pred
 * array<float>, target array<float>)} with built-in functions only: every pixel exploded to a row
 * ({@code posexplode}) and summed by {@code sum}/{@code count_if}; or per image with the higher-order
 * functions {@code zip_with} + {@code aggregate}. The per-pixel formulas are the spec's, in double.
 */
final class NaiveSql {
  private NaiveSql() {}

  /** Name → per-pixel expression of the logit {@code x} and target {@code t} (SQL doubles). */
  private static Map<String, String> terms(String x, String t) {
    String p = "(1 / (1 + exp(-" + x + ")))";
    String bce = "(greatest(" + x + ", 0) - " + x + " * " + t + " + log1p(exp(-abs(" + x + "))))";
    String q = "least(greatest(" + p + ", 1e-9), 1 - 1e-9)";
    Map<String, String> terms = new LinkedHashMap<>();
    terms.put("i", p + " * " + t);
    terms.put("p", p);
    terms.put("t", t);
    terms.put("b", bce);
    // focal = α_t (1 − p_t)^γ bce with α = 0.8, γ = 2
    terms.put("f", "(0.8 * " + t + " + 0.2 * (1 - " + t + ")) * pow(" + p + " * (1 - " + t + ") + (1 - " + p + ") * " + t
        + ", 2) * " + bce);
    // wce = −(a t log q + (1 − a)(1 − t) log(1 − q)), q = clamp(p, 1e-9, 1 − 1e-9), a = 0.5
    terms.put("w", "-(0.5 * " + t + " * ln(" + q + ") + 0.5 * (1 - " + t + ") * ln(1 - " + q + "))");
    terms.put("tp", "IF(" + x + " >= 0 AND " + t + " >= 0.5, 1, 0)");
    terms.put("fp", "IF(" + x + " >= 0 AND " + t + " < 0.5, 1, 0)");
    terms.put("fn", "IF(" + x + " < 0 AND " + t + " >= 0.5, 1, 0)");
    terms.put("tn", "IF(" + x + " < 0 AND " + t + " < 0.5, 1, 0)");
    return terms;
  }

  /** Every pixel a row: {@code posexplode(pred)}, its target by index, then plain aggregates. */
  static BinarySums posexplode(SparkSession spark, String table) {
    String sums = terms("x", "t").entrySet().stream()
        .map(e -> "sum(" + e.getValue() + ") AS " + e.getKey())
        .collect(Collectors.joining(",\n  "));
    String sql = "SELECT count(*) AS n,\n  " + sums + "\nFROM (SELECT CAST(px.x AS DOUBLE) AS x, CAST(target[px.pos] AS DOUBLE) AS t\n"
        + "      FROM parquet.`" + table + "` LATERAL VIEW posexplode(pred) px AS pos, x)";
    return toSums(spark.sql(sql).first());
  }

  /** Per image {@code aggregate(zip_with(pred, target, ...), zero, merge)}, then summed over images. */
  static BinarySums higherOrder(SparkSession spark, String table) {
    Map<String, String> terms = terms("v.x", "v.t");
    String zero = terms.keySet().stream().map(k -> "'" + k + "', 0D").collect(Collectors.joining(", "));
    String merge = terms.entrySet().stream()
        .map(e -> "'" + e.getKey() + "', acc." + e.getKey() + " + " + e.getValue())
        .collect(Collectors.joining(", "));
    String sums = terms.keySet().stream().map(k -> "sum(s." + k + ") AS " + k).collect(Collectors.joining(", "));
    String sql = "SELECT sum(size(pred)) AS n, " + sums + " FROM (SELECT pred, aggregate(\n"
        + "  zip_with(pred, target, (x, t) -> named_struct('x', CAST(x AS DOUBLE), 't', CAST(t AS DOUBLE))),\n"
        + "  named_struct(" + zero + "),\n"
        + "  (acc, v) -> named_struct(" + merge + ")) AS s\n"
        + "FROM parquet.`" + table + "`)";
    return toSums(spark.sql(sql).first());
  }

  /** A bare scan of the table: the floor of any SQL route. */
  static long scan(SparkSession spark, String table) {
    return spark.sql("SELECT sum(size(pred)) + sum(size(target)) FROM parquet.`" + table + "`").first().getLong(0) / 2;
  }

  private static BinarySums toSums(Row r) {
    return new BinarySums(((Number) r.getAs("n")).longValue(), r.getAs("i"), r.getAs("p"), r.getAs("t"), r.getAs("b"),
        r.getAs("f"), r.getAs("w"), ((Number) r.getAs("tp")).longValue(), ((Number) r.getAs("fp")).longValue(),
        ((Number) r.getAs("fn")).longValue(), ((Number) r.getAs("tn")).longValue());
  }
}
