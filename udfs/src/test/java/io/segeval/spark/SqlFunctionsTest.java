package io.segeval.spark;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.testing.ReferenceData;
import io.segeval.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL functions through {@code spark.sql} on a table of flattened arrays. */
class SqlFunctionsTest {
  private static final JsonNode EXPECTED = ReferenceData.expected("bin_public");
  private static SparkSession spark;

  /** bin_public as a table; the columns deliberately come in the order (target, image_id, pred). */
  @BeforeAll
  static void table() {
    spark = TestSpark.get();
    SegEvalFunctions.register(spark);
    List<Row> rows = new ArrayList<>();
    for (ReferenceData.Image image : ReferenceData.images("bin_public")) {
      int n = image.pred().size();
      float[] pred = new float[n];
      int[] target = new int[n];
      for (int j = 0; j < n; j++) {
        pred[j] = (float) image.pred().data()[j];
        target[j] = (int) image.target().data()[j]; // 0 or 255
      }
      rows.add(RowFactory.create(target, image.id(), pred));
    }
    StructType schema = new StructType()
        .add("target", DataTypes.createArrayType(DataTypes.IntegerType, false))
        .add("image_id", DataTypes.StringType)
        .add("pred", DataTypes.createArrayType(DataTypes.FloatType, false));
    spark.createDataFrame(rows, schema).repartition(3).createOrReplaceTempView("bin_public");
  }

  @Test
  void binaryMetricsWithOptionsReproduceTheReference() {
    Row m = spark.sql("SELECT seg_binary_metrics_with(pred, target, 'tversky_alpha=0.3, tversky_beta=0.7') AS m "
        + "FROM bin_public").first().getStruct(0);
    assertEquals(EXPECTED.get("pixels").asLong(), m.getLong(m.fieldIndex("pixels")));
    JsonNode d = EXPECTED.get("dataset");
    for (BinaryMetric metric : BinaryResultRows.AGGREGATE_METRICS) {
      int i = m.fieldIndex(metric.key());
      if (metric.isCount()) {
        assertEquals(d.get(metric.key()).asLong(), m.getLong(i), metric.key());
      } else {
        assertClose(d.get(metric.key()).asDouble(), m.getDouble(i), 1e-9, metric.key());
      }
    }
  }

  @Test
  void twoArgumentFormUsesTheDefaultsAndBindsArgumentsInOrder() {
    Row m = spark.sql("SELECT seg_binary_metrics(pred, target) AS m FROM bin_public").first().getStruct(0);
    JsonNode d = EXPECTED.get("dataset");
    // Tversky differs (defaults 0.5/0.5), the rest is the reference.
    assertClose(d.get("dice").asDouble(), m.getDouble(m.fieldIndex("dice")), 1e-9, "dice");
    assertClose(d.get("bce").asDouble(), m.getDouble(m.fieldIndex("bce")), 1e-9, "bce");
    assertEquals(d.get("fp").asLong(), m.getLong(m.fieldIndex("fp")));
    assertEquals(d.get("fn").asLong(), m.getLong(m.fieldIndex("fn")));
    // With alpha = beta = 0.5, Tversky is Dice with smooth 2s: a different number from dice.
    assertTrue(Math.abs(m.getDouble(m.fieldIndex("tversky")) - m.getDouble(m.fieldIndex("dice"))) > 1e-9);
  }

  @Test
  void groupByGivesOneStructPerGroup() {
    Dataset<Row> groups = spark.sql("SELECT image_id LIKE 'sub_a/%' AS sub, seg_binary_metrics(pred, target) AS m "
        + "FROM bin_public GROUP BY 1 ORDER BY 1");
    List<Row> rows = groups.collectAsList();
    assertEquals(2, rows.size());
    long pixels = rows.get(0).getStruct(1).getLong(0) + rows.get(1).getStruct(1).getLong(0);
    assertEquals(EXPECTED.get("pixels").asLong(), pixels);
  }

  @Test
  void badRowsFailTheQueryWithTheReason() {
    Exception e = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_metrics(array(1.0, 2.0), array(0.0)) FROM range(1)").collect());
    assertTrue(rootMessage(e).contains("pred has 2 values but target has 1 (find the row with WHERE size(pred) !="
        + " size(target))"), rootMessage(e));
    e = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_metrics_with(array(1.0), array(1.0), 'smoth=2') FROM range(1)").collect());
    assertTrue(rootMessage(e).contains("unknown binary parameter 'smoth'"), rootMessage(e));
  }

  @Test
  void optionsThatDifferBetweenRowsAreSaidSoWhicheverPartitionsTheRowsAreIn() {
    // one partition per row (round robin): the partitions' states meet in merge, not in reduce
    for (int partitions : new int[] {1, 2}) {
      Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT /*+ REPARTITION(" + partitions + ") */"
          + " seg_binary_metrics_with(pred, target, o) FROM VALUES (array(1.0D), array(1), 'smooth=2'),"
          + " (array(1.0D), array(1), 'smooth=3') AS t(pred, target, o)").collect());
      assertTrue(rootMessage(e).contains("the options argument must be the same on every row: got smooth="),
          partitions + " partitions: " + rootMessage(e));
    }
  }

  /** The struct's fields that are null, in order. */
  private static List<String> nullFields(Row m) {
    List<String> nulls = new ArrayList<>();
    for (String field : m.schema().fieldNames()) {
      if (m.isNullAt(m.fieldIndex(field))) {
        nulls.add(field);
      }
    }
    return nulls;
  }

  @Test
  void aRefusalWhileTheQueryRunsNamesTheFunctionOfSeveralInOneQuery() {
    // the binary call's arguments are fine, the multiclass call's are not: the refusal says which
    String rows = " FROM VALUES (array(2.0D, -1.0D), array(1, 0), array(0.1D, 0.2D, 0.3D), array(0)) AS t(pred, target,"
        + " scores, labels)";
    assertEquals("seg_multiclass_metrics: pred has 3 values but num_classes × target length is 2 × 1 = 2 (find the row"
        + " with WHERE size(pred) != 2 * size(target))", refusal("SELECT seg_binary_metrics(pred, target).dice,"
        + " seg_multiclass_metrics(scores, labels, 2).miou" + rows));
    assertEquals("seg_binary_state: pred has 1 value but target has 2 (find the row with WHERE size(pred) !="
        + " size(target))", refusal("SELECT seg_multiclass_state(scores, labels, 3), seg_binary_state(array(1.0D),"
        + " target)" + rows));
    // the merge and the scalar finalizers name theirs
    assertTrue(refusal("SELECT seg_binary_state_merge(X'0011')").startsWith("seg_binary_state_merge: "));
    assertEquals("seg_binary_result: not a binary SegEval state (2 bytes); make one with seg_binary_state",
        refusal("SELECT seg_binary_result(X'0011')"));
    assertTrue(refusal("SELECT seg_multiclass_result(X'0011')").startsWith("seg_multiclass_result: "));
    String options = refusal("SELECT seg_binary_result(s, o) FROM (SELECT seg_binary_state(array(1.0D), array(1)) AS s,"
        + " 'smoth=2' AS o)");
    assertTrue(options.startsWith("seg_binary_result: unknown result parameter 'smoth'"), options);
  }

  @Test
  void anEmptyArrayIsRefusedAsTheJobRefusesAnImageWithNoPixels() {
    String why = " empty (an image with no pixels, a broken export?): refused, as segeval evaluate refuses it; to leave"
        + " such rows out, say so with WHERE size(pred) > 0 AND size(target) > 0";
    String rows = " FROM VALUES (array(2.0D, -1.0D), array(1, 0)), (CAST(array() AS array<double>),"
        + " CAST(array() AS array<int>)) AS t(pred, target)";
    // refused while the query runs, each refusal names its function
    assertEquals("seg_binary_metrics: a row's pred and target are" + why,
        refusal("SELECT seg_binary_metrics(pred, target)" + rows));
    assertEquals("seg_binary_state: a row's pred and target are" + why,
        refusal("SELECT seg_binary_state(pred, target)" + rows));
    assertEquals("seg_binary_metrics: a row's pred is" + why, refusal("SELECT seg_binary_metrics(pred, target) FROM VALUES"
        + " (CAST(array() AS array<double>), array(1)) AS t(pred, target)"));
    assertEquals("seg_multiclass_metrics: a row's target is" + why, refusal("SELECT seg_multiclass_metrics(pred,"
        + " target, 2) FROM VALUES"
        + " (array(1.0D, 2.0D), CAST(array() AS array<int>)) AS t(pred, target)"));
    assertEquals("seg_multiclass_state: a row's pred and target are" + why, refusal("SELECT seg_multiclass_state(pred,"
        + " target, 3) FROM VALUES"
        + " (CAST(array() AS array<double>), CAST(array() AS array<int>)) AS t(pred, target)"));
    // said so, the row is left out: the image of pixels alone
    Row m = spark.sql("SELECT seg_binary_metrics(pred, target) AS m" + rows + " WHERE size(pred) > 0 AND size(target) > 0")
        .first().getStruct(0);
    assertEquals(2L, m.getLong(m.fieldIndex("pixels")));
    assertEquals(List.of(), nullFields(m));
  }

  @Test
  void multiclassLabelsGiveNullsNotNaN() {
    // Labels: 2 of 3 pixels right; CE and the soft Dice need scores and are null.
    Row labels = spark.sql("SELECT seg_multiclass_result(seg_multiclass_state(pred, target, 3, 'input=labels')) AS m"
        + " FROM VALUES (array(0, 1, 2), array(0, 1, 1)) AS t(pred, target)").first().getStruct(0);
    assertEquals(List.of("ce", "soft_dice_loss"), nullFields(labels));
    assertEquals(2.0 / 3, labels.getDouble(labels.fieldIndex("aacc")));
  }

  @Test
  void aFractionalNumClassesIsRefusedNotTruncated() {
    String images = " FROM VALUES (array(1.0D, 2.0D, 3.0D, 4.0D), array(0, 1)) AS t(pred, target)";
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_metrics(pred, target, 2.7D)"
        + images));
    assertTrue(rootMessage(e).contains("seg_multiclass_metrics: num_classes must be an integer, got 2.7D (DOUBLE)"),
        rootMessage(e));
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_state(pred, target, '2')" + images));
    assertTrue(rootMessage(e).contains("seg_multiclass_state: num_classes must be an integer, got '2' (STRING)"),
        rootMessage(e));
    // any integer type is a class count
    assertEquals(2L, spark.sql("SELECT seg_multiclass_metrics(pred, target, 2L).pixels" + images).first().getLong(0));
  }

  @Test
  void aLiteralNumClassesOutOfRangeIsABadQueryEvenOverNoRows() {
    String noRows = " FROM VALUES (array(1.0D, 2.0D, 3.0D, 4.0D), array(0, 1)) AS t(pred, target) WHERE false";
    // refused by spark.sql itself (no job), though over no rows there is no row to refuse
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_metrics(pred, target, 0)" + noRows));
    assertEquals("seg_multiclass_metrics: number of classes must be in [2, 46340], got 0", e.getMessage());
    // a bigint beyond int in the same words, not Spark's CAST_OVERFLOW of its cast to int
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_state(pred, target, 3000000000L)" + noRows));
    assertEquals("seg_multiclass_state: number of classes must be in [2, 46340], got 3000000000",
        e.getMessage());
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_metrics(pred, target, NULL)" + noRows));
    assertEquals("seg_multiclass_metrics: num_classes must not be null", e.getMessage());
    // a column of C is read row by row: a null in it fails the query as it runs, in the same words
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_metrics(pred, target, c) FROM VALUES"
        + " (array(1.0D, 2.0D), array(0), CAST(NULL AS INT)) AS t(pred, target, c)").collect());
    assertTrue(rootMessage(e).contains("num_classes must not be null"), rootMessage(e));
    // a valid literal over no rows: pixels 0, miou null
    Row m = spark.sql("SELECT seg_multiclass_metrics(pred, target, 2) AS m" + noRows).first().getStruct(0);
    assertEquals(0L, m.getLong(m.fieldIndex("pixels")));
    assertTrue(m.isNullAt(m.fieldIndex("miou")));
  }

  @Test
  void aColumnOfNumClassesBeyondIntIsRefusedInSegEvalsWordsNotByACastOverflow() {
    String rows = " FROM VALUES (array(1.0D, 2.0D, 3.0D, 4.0D), array(0, 1), %s) AS t(pred, target, c)";
    for (String c : List.of("3000000000L", "-3000000000L", "1L")) {
      String query = "SELECT seg_multiclass_metrics(pred, target, c)" + rows.formatted(c);
      Exception e = assertThrows(Exception.class, () -> spark.sql(query).collect());
      assertTrue(rootMessage(e).contains("number of classes must be in [2, 46340], got " + c.replace("L", "")),
          rootMessage(e));
      assertFalse(rootMessage(e).contains("CAST_OVERFLOW"), rootMessage(e));
    }
    // a column of C of any integer type, in range: target (0, 1), predicted (1, 1)
    for (String c : List.of("2L", "2", "CAST(2 AS TINYINT)")) {
      assertEquals(0.5, spark.sql("SELECT seg_multiclass_result(seg_multiclass_state(pred, target, c)).aacc"
          + rows.formatted(c)).first().getDouble(0), c);
    }
  }

  /**
   * input=labels reads binary predictions as segeval evaluate --input labels does: 0, 1 or 255 as
   * probabilities 0 and 1, the losses that need scores null. Pred (0, 1, 255, 0), target (0, 1, 1,
   * 1): tp 2, fp 0, fn 1, tn 1; I = 2, P = 2, T = 3, s = 1: dice 5/6, iou 3/4, hard Dice 4/5.
   */
  @Test
  void binaryLabelsAreReadAsTheJobReadsThem() {
    String images = " FROM VALUES (array(0, 1, 255, 0), array(0, 1, 1, 1)) AS t(pred, target)";
    Row m = spark.sql("SELECT seg_binary_metrics_with(pred, target, 'input=labels') AS m" + images).first().getStruct(0);
    assertEquals(List.of("bce", "bce_dice_loss", "focal_loss", "combo_loss"), nullFields(m));
    assertEquals(List.of(2L, 0L, 1L, 1L), List.of(m.getLong(m.fieldIndex("tp")), m.getLong(m.fieldIndex("fp")),
        m.getLong(m.fieldIndex("fn")), m.getLong(m.fieldIndex("tn"))));
    assertClose(5.0 / 6, m.getDouble(m.fieldIndex("dice")), 1e-15, "dice");
    assertClose(3.0 / 4, m.getDouble(m.fieldIndex("iou")), 1e-15, "iou");
    assertClose(4.0 / 5, m.getDouble(m.fieldIndex("hard_dice")), 1e-15, "hard_dice");
    // the state keeps what the predictions were: its result has the same nulls, through a stored merge too
    assertEquals(m, spark.sql("SELECT seg_binary_result(seg_binary_state(pred, target, 'input=labels')) AS m" + images)
        .first().getStruct(0));
    assertEquals(m, spark.sql("SELECT seg_binary_result(seg_binary_state_merge(s)) AS m FROM (SELECT"
        + " seg_binary_state(pred, target, 'input=labels') AS s" + images + ")").first().getStruct(0));
    // the same labels as doubles, or as unsigned bytes (255 is -1 in a tinyint)
    assertEquals(m, spark.sql("SELECT seg_binary_metrics_with(CAST(pred AS array<double>), target, 'input=labels') AS m"
        + images).first().getStruct(0));
    assertEquals(m, spark.sql("SELECT seg_binary_metrics_with(CAST(pred AS array<tinyint>), target, 'input=labels') AS m"
        + " FROM VALUES (array(0, 1, -1, 0), array(0, 1, 1, 1)) AS t(pred, target)").first().getStruct(0));
  }

  @Test
  void aTargetWithNegativeValuesAsksWhetherPredAndTargetAreSwapped() {
    // logits as the target, the mask as pred: the job asks the same of --pred/--target
    assertEquals("seg_binary_metrics: target value -2.5 at (row 0, col 1) is not a binary target (0, 1 or 255, or a soft value in [0, 1]);"
        + " a target with negative values looks like logits: are pred and target the wrong way round (the prediction"
        + " comes first)?", badRecord("SELECT seg_binary_metrics(pred, target) FROM VALUES (array(1D, 0D),"
            + " array(1D, -2.5D)) AS t(pred, target)"));
    // a target out of range without a negative value is refused as before
    assertEquals("seg_binary_state: target value 7.0 at (row 0, col 0) is not a binary target (0, 1 or 255, or a soft"
        + " value in [0, 1])",
        badRecord("SELECT seg_binary_state(pred, target) FROM VALUES (array(1D), array(7D)) AS t(pred, target)"));
  }

  @Test
  void aBinaryLabelOtherThan0Or1Or255IsRefusedNamingIt() {
    assertEquals("seg_binary_metrics_with: prediction label 2.0 at (row 0, col 1) is not a binary label (0, 1 or 255);"
        + " whole numbers other than 0, 1 and 255 are no binary labels: class ids of a multiclass map, or probabilities"
        + " kept as 8-bit values (p·255), which are read as probabilities once divided by 255 and saved as floats",
        badRecord(
        "SELECT seg_binary_metrics_with(pred, target, 'input=labels') FROM VALUES (array(1, 2), array(1, 0))"
            + " AS t(pred, target)"));
    assertEquals("seg_binary_state: prediction label 0.5 at (row 0, col 2) is not a binary label (0, 1 or 255); a"
        + " fractional or"
        + " negative value is a score, not a label: drop input=labels (input=logits or input=probabilities)", badRecord(
        "SELECT seg_binary_state(pred, target, 'input=labels') FROM VALUES (array(0D, 1D, 0.5D), array(1, 0, 1))"
            + " AS t(pred, target)"));
  }

  @Test
  void labelsAndScoresDoNotMixInOneAggregateNorInAMerge() {
    for (int partitions : new int[] {1, 2}) {
      String message = refusal("SELECT /*+ REPARTITION(" + partitions + ") */ seg_binary_metrics_with(pred, target, o)"
          + " FROM VALUES (array(1.0D), array(1), 'input=labels'), (array(1.0D), array(1), 'input=logits')"
          + " AS t(pred, target, o)");
      assertTrue(message.startsWith("seg_binary_metrics_with: the options argument must be the same on every row: got "), message);
      assertTrue(message.contains("input=labels,smooth=1.0,"), partitions + " partitions: " + message);
    }
    String states = "SELECT seg_binary_state(array(1, 0), array(1, 0), 'input=labels') AS s"
        + " UNION ALL SELECT seg_binary_state(array(2.0D, -1.0D), array(1, 0))";
    String message = refusal("SELECT seg_binary_state_merge(s) FROM (" + states + ")");
    assertTrue(message.matches("seg_binary_state_merge: cannot merge binary states of (labels \\(input=labels\\)|scores"
        + " \\(logits or probabilities\\)) with states of .*: the losses that need scores are null for labels"), message);
    // an empty state of labels (no rows) merges into scores, as an empty state merges into any
    assertEquals(2L, spark.sql("SELECT seg_binary_result(seg_binary_state_merge(s)).pixels FROM (SELECT"
        + " seg_binary_state(array(1, 0), array(1, 0), 'input=labels') AS s WHERE false UNION ALL SELECT"
        + " seg_binary_state(array(2.0D, -1.0D), array(1, 0)))").first().getLong(0));
  }

  @Test
  void integerPredictionsAreLabelsNotLogits() {
    // read as logits, a perfect 0/1 mask would be all positives (sigmoid(0) = 0.5): refused as the query is resolved
    String mask = "array(0, 1, 0, 0)";
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_metrics(" + mask + ", " + mask + ")"));
    assertTrue(rootMessage(e).contains("seg_binary_metrics: pred holds integers (ARRAY<INT>), labels rather than logits:"
        + " read as logits a 0 would be sigmoid(0) = 0.5, a positive; for a hard 0/1 (or 0/255) mask say 'input=labels':"
        + " seg_binary_metrics_with(pred, target, 'input=labels'), the metrics of segeval evaluate --input labels"),
        rootMessage(e));
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_state(pred, target, 'smooth=0') FROM VALUES"
        + " (CAST(" + mask + " AS array<tinyint>), " + mask + ") AS t(pred, target)"));
    assertTrue(rootMessage(e).contains("seg_binary_state: pred holds integers (ARRAY<TINYINT>)"), rootMessage(e));
    // an options column could say logits on any row: the kind is said in a literal
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_metrics_with(pred, target, o) FROM VALUES"
        + " (" + mask + ", " + mask + ", 'input=probabilities') AS t(pred, target, o)"));
    assertTrue(rootMessage(e).contains("(the options are a column here: say it in a literal)"), rootMessage(e));
    // said, a 0/1 mask is probabilities 0 and 1: 1 tp, 3 tn
    Row m = spark.sql("SELECT seg_binary_metrics_with(" + mask + ", " + mask + ", 'input=probabilities') AS m")
        .first().getStruct(0);
    assertEquals(List.of(1L, 0L, 0L, 3L), List.of(m.getLong(m.fieldIndex("tp")), m.getLong(m.fieldIndex("fp")),
        m.getLong(m.fieldIndex("fn")), m.getLong(m.fieldIndex("tn"))));
    assertEquals(1.0, m.getDouble(m.fieldIndex("hard_dice")));

    // multiclass: an integer prediction is a label map, which the options say
    String labels = " FROM VALUES (array(0, 1, 1), array(0, 1, 0)) AS t(pred, target)";
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_metrics(pred, target, 2)" + labels));
    assertTrue(rootMessage(e).contains("seg_multiclass_metrics: pred holds integers (ARRAY<INT>), labels rather than"
        + " logits: a label map (one class id per pixel), not C scores per pixel; say 'input=labels':"
        + " seg_multiclass_metrics(pred, target, num_classes, 'input=labels')"), rootMessage(e));
    Row direct = spark.sql("SELECT seg_multiclass_metrics(pred, target, 2, 'input=labels') AS m" + labels)
        .first().getStruct(0);
    Row viaState = spark.sql("SELECT seg_multiclass_result(seg_multiclass_state(pred, target, 2, 'input=labels')) AS m"
        + labels).first().getStruct(0);
    assertEquals(viaState, direct);
    // pixel 2 (class 0) taken for class 1: IoU 1/2 for both classes
    assertEquals(0.5, direct.getDouble(direct.fieldIndex("miou")));
    assertEquals(2.0 / 3, direct.getDouble(direct.fieldIndex("aacc")));
  }

  @Test
  void aLiteralOptionsArgumentIsCheckedAndTakenEvenOverNoRows() {
    String noRows = " FROM VALUES (array(1.0D), array(1)) AS t(pred, target) WHERE false";
    // a bad option is a bad query whether or not there are rows (refused as it is resolved, before any job)
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_metrics_with(pred, target,"
        + " 'smoth=0')" + noRows));
    assertTrue(rootMessage(e).contains("seg_binary_metrics_with: unknown binary parameter 'smoth'"), rootMessage(e));
    // the keys it lists are every key the option string takes, input included
    assertTrue(rootMessage(e).contains("(expected input or one of [smooth, threshold, tversky_alpha, tversky_beta,"
        + " focal_alpha, focal_gamma, combo_alpha, combo_ce_ratio, combo_eps])"), rootMessage(e));
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_state(pred, target, 2, 'input=label')"
        + noRows));
    assertTrue(rootMessage(e).contains("seg_multiclass_state: unknown input kind 'label'"), rootMessage(e));
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_state(pred, target, 2, 'ignore_index=2.5')"
        + noRows));
    assertEquals("seg_multiclass_state: ignore_index must be an integer, got '2.5'", e.getMessage());
    // a value out of range too, multiclass as binary (smooth is checked by the parameters, not the parser)
    for (String call : List.of("seg_multiclass_state(pred, target, 2, 'smooth=-1')",
        "seg_multiclass_metrics(pred, target, 2, 'smooth=-1')", "seg_binary_state(pred, target, 'smooth=-1')")) {
      e = assertThrows(Exception.class, () -> spark.sql("SELECT " + call + noRows), call);
      assertTrue(rootMessage(e).contains(call.substring(0, call.indexOf('(')) + ": smooth must be"), rootMessage(e));
    }
    // over no rows the soft scores are the options' smoothing of nothing: 0/0 at smooth 0, not the default's 1/1
    for (String call : List.of("seg_binary_metrics_with(pred, target, 'smooth=0')",
        "seg_binary_result(seg_binary_state(pred, target, 'smooth=0'))")) {
      Row m = spark.sql("SELECT " + call + " AS m" + noRows).first().getStruct(0);
      assertEquals(0L, m.getLong(m.fieldIndex("pixels")), call);
      assertTrue(m.isNullAt(m.fieldIndex("dice")), call + ": " + m);
    }
    Row defaults = spark.sql("SELECT seg_binary_metrics(pred, target) AS m" + noRows).first().getStruct(0);
    assertEquals(1.0, defaults.getDouble(defaults.fieldIndex("dice")));
    // as docs/sql.md's table says: the counts 0, the other metrics null
    for (String count : List.of("pixels", "tp", "fp", "fn", "tn")) {
      assertEquals(0L, defaults.getLong(defaults.fieldIndex(count)), count);
    }
    for (String undefined : List.of("bce", "focal_loss", "combo_loss", "hard_dice", "precision", "accuracy")) {
      assertTrue(defaults.isNullAt(defaults.fieldIndex(undefined)), undefined + ": " + defaults);
    }
    Row multiclass = spark.sql("SELECT seg_multiclass_metrics(pred, target, 2) AS m FROM VALUES (array(1.0D, 2.0D),"
        + " array(0)) AS t(pred, target) WHERE false").first().getStruct(0);
    assertEquals(0L, multiclass.getLong(multiclass.fieldIndex("ignored")));
    assertTrue(multiclass.isNullAt(multiclass.fieldIndex("confusion_matrix")), multiclass.toString());
  }

  @Test
  void probabilitiesOutOfRangeNameTheSqlOptionForLogits() {
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_metrics_with("
        + "array(0.2D, 1.5D), array(0, 1), 'input=probabilities') FROM range(1)").collect());
    assertTrue(rootMessage(e).contains("probability 1.5 outside [0, 1] at (row 0, col 1)"
        + " (use input=logits in the options for raw scores)"), rootMessage(e));
    assertFalse(rootMessage(e).contains("--input"), "no command-line option in SQL: " + rootMessage(e));
    // the multiclass function says it too: logits (C·H·W) given as probabilities
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_metrics("
        + "array(0.2D, 1.5D, 0.8D, -0.5D), array(0, 1), 2, 'input=probabilities') FROM range(1)").collect());
    assertTrue(rootMessage(e).contains("probability 1.5 at (channel 0, row 0, col 1) is outside [0, 1]"
        + " (use input=logits in the options for raw scores)"), rootMessage(e));
  }

  @Test
  void encodedImagesAreRefusedSayingWhichTablesTheyAreFor() {
    String images = " FROM VALUES (X'934E554D5059', array(1), X'89504E47') AS t(pred, target, png)";
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_metrics(pred, target)" + images));
    assertTrue(rootMessage(e).contains("seg_binary_metrics: pred is BINARY, encoded image files such as the NPY/PNG"
        + " bytes that segeval pack writes by default; the SQL functions take flattened arrays (a table from segeval"
        + " pack --as-arrays), and a table of file bytes is for segeval evaluate --table"), rootMessage(e));
    e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_state(array(1.0D), png, 3)" + images));
    assertTrue(rootMessage(e).contains("seg_multiclass_state: target (png) is BINARY"), rootMessage(e));
    // states are BINARY: the state functions take them
    assertEquals(1L, spark.sql("SELECT seg_binary_result(seg_binary_state_merge(s)).pixels FROM "
        + "(SELECT seg_binary_state(array(1.0D), array(1)) AS s)").first().getLong(0));
  }

  @Test
  void anImageArgumentThatIsNoArrayOfNumbersIsRefusedNamingTheFunctionAndTheArgument() {
    String images = " FROM VALUES (array(2.0D, -1.0D), array(1, 0)) AS t(pred, target)";
    // Spark's own refusal said "Cannot resolve size(1)", or showed SegEval's conversion of the other argument
    assertEquals("seg_binary_metrics: target (1) must be an array of numbers (one image, flattened in C order), got INT",
        resolveRefusal("SELECT seg_binary_metrics(pred, 1)" + images));
    assertEquals("seg_binary_state: pred ('abc') must be an array of numbers (one image, flattened in C order),"
        + " got STRING", resolveRefusal("SELECT seg_binary_state('abc', target)" + images));
    assertEquals("seg_multiclass_metrics: pred (scores) must be an array of numbers (one image, flattened in C"
        + " order), got ARRAY<ARRAY<ARRAY<DOUBLE>>>; an image kept as nested arrays (rows of pixels) is flattened with"
        + " flatten(scores), once per level: flatten(flatten(...)) for (C, H, W)",
        resolveRefusal("SELECT seg_multiclass_metrics(scores, target, 2) FROM VALUES (array(array(array(2.0D)),"
            + " array(array(1.0D))), array(1)) AS t(scores, target)"));
    assertEquals("seg_binary_metrics_with: target (mask) must be an array of numbers (one image, flattened in C order),"
        + " got ARRAY<BOOLEAN>; a mask of booleans is read as 0/1 with CAST(mask AS ARRAY<INT>)",
        resolveRefusal("SELECT seg_binary_metrics_with(pred, mask, '') FROM VALUES (array(2.0D), array(true)) AS t(pred,"
            + " mask)"));
    assertEquals("seg_binary_metrics: pred must be an array of numbers (one image, flattened in C order), got"
        + " ARRAY<STRING>; numbers kept as text are read with CAST(pred AS ARRAY<DOUBLE>)",
        resolveRefusal("SELECT seg_binary_metrics(pred, target) FROM VALUES (array('2.0'), array(1)) AS t(pred, target)"));
    // the ways the messages give work: flatten (C order, as np.ravel), and the casts
    Row nested = spark.sql("SELECT seg_binary_metrics(flatten(p), flatten(t)) AS m FROM VALUES"
        + " (array(array(2.0D, -1.0D), array(0.5D, -3.0D)), array(array(1, 0), array(1, 0))) AS i(p, t)").first().getStruct(0);
    Row flat = spark.sql("SELECT seg_binary_metrics(pred, target) AS m FROM VALUES"
        + " (array(2.0D, -1.0D, 0.5D, -3.0D), array(1, 0, 1, 0)) AS i(pred, target)").first().getStruct(0);
    assertEquals(flat, nested);
    Row booleans = spark.sql("SELECT seg_binary_metrics(CAST(p AS ARRAY<DOUBLE>), CAST(t AS ARRAY<INT>)) AS m FROM VALUES"
        + " (array('2.0', '-1.0', '0.5', '-3.0'), array(true, false, true, false)) AS i(p, t)").first().getStruct(0);
    assertEquals(flat, booleans);
  }

  @Test
  void aCallWithTheArgumentsOfItsSiblingNamesTheSibling() {
    String images = " FROM VALUES (array(2.0D, -1.0D), array(1, 0)) AS t(pred, target)";
    String message = resolveRefusal("SELECT seg_binary_metrics(pred, target, 'input=probabilities')" + images);
    assertTrue(message.startsWith("seg_binary_metrics takes 2 arguments, got 3: seg_binary_metrics(pred, target) - "),
        message);
    assertTrue(message.endsWith("; with 3 arguments: seg_binary_metrics_with(pred, target, options) - aggregate: the"
        + " same with an option string, e.g. 'input=probabilities,tversky_alpha=0.3' (input=logits|probabilities|labels)"),
        message);
    assertTrue(resolveRefusal("SELECT seg_binary_metrics_with(pred, target)" + images)
        .endsWith("; with 2 arguments: " + SegEvalFunctions.ALL.get(0).usage()));
    assertTrue(resolveRefusal("SELECT seg_multiclass_result(s, 'smooth=2') FROM (SELECT CAST(NULL AS BINARY) AS s)")
        .startsWith("seg_multiclass_result takes 1 argument, got 2: seg_multiclass_result(state) - "));
    // no sibling: the usage alone
    assertTrue(resolveRefusal("SELECT seg_binary_state_merge(pred, target)" + images)
        .endsWith("seg_binary_state_merge(state) - aggregate: binary states merged into one"));
  }

  /** The message of the SegEval refusal that makes a query a bad one (while spark.sql resolves it). */
  private static String resolveRefusal(String query) {
    Exception e = assertThrows(io.segeval.core.RefusedArgumentException.class, () -> spark.sql(query));
    return e.getMessage();
  }

  @Test
  void byteArraysAreUnsignedAsTheJobReadsThem() {
    // a mask of 0/255 stored as tinyint holds -1 for 255: read as 255, i.e. foreground
    Row bytes = spark.sql("SELECT seg_binary_metrics(pred, CAST(target AS array<tinyint>)) AS m FROM VALUES"
        + " (array(2.0D, -1.0D), array(-1, 0)) AS t(pred, target)").first().getStruct(0);
    Row ints = spark.sql("SELECT seg_binary_metrics(pred, target) AS m FROM VALUES"
        + " (array(2.0D, -1.0D), array(1, 0)) AS t(pred, target)").first().getStruct(0);
    assertEquals(ints, bytes);
    assertEquals(1L, bytes.getLong(bytes.fieldIndex("tp")));
  }

  @Test
  void aNullElementIsRefusedAsNullWithItsPositionOnEitherSide() {
    // a binary image is one row of n pixels, as the aggregates place every bad value: (row 0, col j)
    assertEquals("seg_binary_metrics: null prediction value at (row 0, col 1)", badRecord("SELECT seg_binary_metrics(pred,"
        + " target)"
        + " FROM VALUES (array(1.0D, NULL, 2.0D), array(1, 0, 1)) AS t(pred, target)"));
    assertEquals("seg_binary_state: null target value at (row 0, col 2)", badRecord("SELECT seg_binary_state(pred,"
        + " target)"
        + " FROM VALUES (array(1.0D, -1.0D, 2.0D), array(1, 0, NULL)) AS t(pred, target)"));
    // a real NaN in an array that may hold nulls (but does not) is still a non-finite prediction
    assertEquals("seg_binary_metrics: non-finite prediction NaN at (row 0, col 1)", badRecord("SELECT"
        + " seg_binary_metrics(pred, target)"
        + " FROM VALUES (if(true, array(1.0D, CAST('NaN' AS DOUBLE)), array(CAST(NULL AS DOUBLE))), array(1, 0))"
        + " AS t(pred, target)"));
    // multiclass scores are channel-major: C·n values for n target pixels
    assertEquals("seg_multiclass_metrics: null prediction value at (channel 1, row 0, col 0)", badRecord("SELECT seg_multiclass_metrics("
        + "pred, target, 2) FROM VALUES (array(1.0D, 2.0D, NULL, 0.5D), array(0, 1)) AS t(pred, target)"));
    assertEquals("seg_multiclass_state: null target value at (row 0, col 1)", badRecord("SELECT seg_multiclass_state(pred,"
        + " target, 2,"
        + " 'input=labels') FROM VALUES (array(0, 1), array(1, NULL)) AS t(pred, target)"));
    // bytes too (read unsigned)
    assertEquals("seg_binary_metrics: null target value at (row 0, col 0)", badRecord("SELECT seg_binary_metrics(pred,"
        + " CAST(target AS"
        + " array<tinyint>)) FROM VALUES (array(1.0D), array(NULL)) AS t(pred, target)"));
  }

  @Test
  void arraysOfEveryNumberTypeGiveTheMetricsOfTheirDoublesWhetherOrNotTheyMayHoldNulls() {
    // the same image in every element type, its arrays declared free of nulls or not (the latter
    // as Parquet reads them): each is copied in bulk (decimals element by element), with the same values
    Row want = spark.sql("SELECT seg_binary_metrics(array(2.5D, -1.25D, 0.375D, 3.0D), array(1.0D, 0.0D, 1.0D, 0.0D))")
        .first().getStruct(0);
    Row labels = spark.sql("SELECT seg_binary_metrics_with(array(1.0D, 0.0D, 0.0D, 1.0D), array(1.0D, 0.0D, 1.0D,"
        + " 0.0D), 'input=labels')").first().getStruct(0);
    for (String type : List.of("tinyint", "smallint", "int", "bigint", "float", "double", "decimal(6,3)")) {
      boolean integral = type.endsWith("int");
      // 255 is foreground; a tinyint holds it as -1, read unsigned
      String target = "CAST(array(1, 0, " + (type.equals("tinyint") ? -1 : 255) + ", 0) AS array<" + type + ">)";
      for (boolean mayHoldNulls : new boolean[] {false, true}) {
        String t = mayHoldNulls ? "if(true, " + target + ", array(CAST(NULL AS " + type + ")))" : target;
        String query = integral
            ? "SELECT seg_binary_metrics_with(CAST(array(1, 0, 0, 1) AS array<" + type + ">), " + t + ", 'input=labels')"
            : "SELECT seg_binary_metrics(CAST(array(2.5, -1.25, 0.375, 3.0) AS array<" + type + ">), " + t + ")";
        assertEquals(integral ? labels : want, spark.sql(query).first().getStruct(0), type + ", nulls " + mayHoldNulls);
      }
      // a null element is refused at its position, after the bulk copy as before
      assertEquals("seg_binary_metrics: null target value at (row 0, col 2)", badRecord("SELECT"
          + " seg_binary_metrics(array(1.0D, 2.0D,"
          + " 3.0D), CAST(array(1, 0, NULL) AS array<" + type + ">))"), type);
    }
  }

  @Test
  void aRowWithANullArrayIsRefusedNotLeftOutWhateverTheOtherHolds() {
    String why = ": SegEval leaves no image out silently; to leave such rows out, say so with"
        + " WHERE pred IS NOT NULL AND target IS NOT NULL";
    assertEquals("seg_binary_metrics: a row's target is null (an image without a mask?)" + why, refusal("SELECT seg_binary_metrics(pred,"
        + " target) FROM VALUES (array(1.0D, NULL), CAST(NULL AS array<int>)), (array(2.0D), array(1)) AS t(pred, target)"));
    assertEquals("seg_multiclass_state: a row's pred is null (an image without a prediction?)" + why, refusal("SELECT seg_multiclass_state("
        + "pred, target, 2) FROM VALUES (CAST(NULL AS array<double>), array(0)), (array(2.0D, 1.0D), array(1))"
        + " AS t(pred, target)"));
    assertEquals("seg_binary_state: a row's pred and target are null (an image without a prediction?)" + why
        + NonNullArrays.PIVOT, refusal(
        "SELECT seg_binary_state(pred, target) FROM VALUES (CAST(NULL AS array<double>), CAST(NULL AS array<int>))"
        + " AS t(pred, target)"));
    // said so, the rows are left out
    Row m = spark.sql("SELECT seg_binary_metrics(pred, target) AS m FROM VALUES (array(1.0D, NULL), CAST(NULL AS"
        + " array<int>)), (array(2.0D), array(1)) AS t(pred, target) WHERE pred IS NOT NULL AND target IS NOT NULL")
        .first().getStruct(0);
    assertEquals(1L, m.getLong(m.fieldIndex("pixels")));
  }

  @Test
  void aPivotIsRefusedSayingHowToPutValuesSideBySide() {
    String rows = " FROM VALUES ('a', array(2.0D, -1.0D), array(1, 0)), ('b', array(0.5D), array(0))"
        + " AS t(model, pred, target)";
    // PIVOT hands the aggregate null arrays for the other model's rows: not an image left out, but refused
    String message = refusal("SELECT * FROM (SELECT model, pred, target" + rows + ") PIVOT (seg_binary_metrics(pred,"
        + " target) AS m FOR model IN ('a', 'b'))");
    assertTrue(message.startsWith("seg_binary_metrics: a row's pred and target are null") && message.endsWith(NonNullArrays.PIVOT), message);
    // the ways it gives
    Row filtered = spark.sql("SELECT seg_binary_metrics(pred, target) FILTER (WHERE model = 'a') AS a,"
        + " seg_binary_metrics(pred, target) FILTER (WHERE model = 'b') AS b" + rows).first();
    assertEquals(2L, filtered.getStruct(0).getLong(0));
    assertEquals(1L, filtered.getStruct(1).getLong(0));
    Row pivoted = spark.sql("SELECT * FROM (SELECT model, seg_binary_metrics(pred, target).pixels AS pixels" + rows
        + " GROUP BY model) PIVOT (first(pixels) FOR model IN ('a', 'b'))").first();
    assertEquals(List.of(2L, 1L), List.of(pivoted.getLong(0), pivoted.getLong(1)));
  }

  @Test
  void binaryRowsMayMixLogitsAndProbabilities() {
    // 0.25 and 0.75 are the sigmoids of -ln 3 and ln 3: the same images, given either way
    Row mixed = spark.sql("SELECT seg_binary_metrics_with(pred, target, options) AS m FROM VALUES"
        + " (array(2.0D, -1.0D), array(1, 0), 'input=logits'),"
        + " (array(0.25D, 0.75D), array(0, 1), 'input=probabilities') AS t(pred, target, options)").first().getStruct(0);
    Row logits = spark.sql("SELECT seg_binary_metrics(pred, target) AS m FROM VALUES (array(2.0D, -1.0D), array(1, 0)),"
        + " (array(-ln(3D), ln(3D)), array(0, 1)) AS t(pred, target)").first().getStruct(0);
    for (String field : logits.schema().fieldNames()) {
      Object want = logits.get(logits.fieldIndex(field));
      Object got = mixed.get(mixed.fieldIndex(field));
      if (want instanceof Double w) {
        assertClose(w, (Double) got, 1e-12, field);
      } else {
        assertEquals(want, got, field);
      }
    }
  }

  /** The message of the SegEval refusal that fails the query. */
  private static String refusal(String query) {
    Exception e = assertThrows(Exception.class, () -> spark.sql(query).collect());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.segeval.core.RefusedArgumentException refused) {
        return refused.getMessage();
      }
    }
    throw new AssertionError("no refusal in " + rootMessage(e), e);
  }

  @Test
  void anUnaliasedResultOfAStateIsNamedAsWritten() {
    // a scalar function of an aggregate: not named by the aggregator's fields (an object hash)
    String query = "SELECT seg_binary_result(seg_binary_state_merge(state)),"
        + " seg_binary_result(seg_binary_state_merge(state)).dice FROM (SELECT seg_binary_state(pred, target) AS state"
        + " FROM bin_public GROUP BY image_id)";
    Dataset<Row> result = spark.sql(query);
    assertEquals(List.of("seg_binary_result(seg_binary_state_merge(state))",
        "seg_binary_result(seg_binary_state_merge(state)).dice"), List.of(result.columns()));
    assertClose(EXPECTED.get("dataset").get("dice").asDouble(), result.first().getDouble(1), 1e-9, "dice");
    assertEquals(List.of("seg_multiclass_result(s)"), List.of(spark.sql("SELECT seg_multiclass_result(s) FROM"
        + " (SELECT seg_multiclass_state(array(1.0D, 2.0D), array(1), 2) AS s)").columns()));
  }

  @Test
  void anUnaliasedCallIsNamedAsWrittenWhenItsArraysMayHoldNulls() {
    // Parquet arrays may hold nulls by their type: the functions convert them, and the column is
    // still named by the call as written (no conversion, no expression ids), the same every time
    String nullable = " FROM (SELECT CAST(pred AS array<float>) AS pred, CAST(target AS array<int>) AS target"
        + " FROM bin_public)";
    Dataset<Row> metrics = spark.sql("SELECT seg_binary_metrics(pred, target), seg_binary_metrics(pred, target).dice"
        + nullable);
    assertEquals(List.of("seg_binary_metrics(pred, target)", "seg_binary_metrics(pred, target).dice"),
        List.of(metrics.columns()));
    assertEquals(List.of(metrics.columns()), List.of(spark.sql("SELECT seg_binary_metrics(pred, target),"
        + " seg_binary_metrics(pred, target).dice" + nullable).columns()));
    Row row = metrics.first();
    assertClose(EXPECTED.get("dataset").get("dice").asDouble(), row.getDouble(1), 1e-9, "dice");
    assertEquals(row.getStruct(0), spark.sql("SELECT seg_binary_metrics(pred, target) FROM bin_public").first()
        .getStruct(0));
    // as Spark names other calls: the pretty SQL of each argument (here without the cast)
    assertEquals(List.of("seg_multiclass_state(pred, target, 2)"), List.of(spark.sql(
        "SELECT seg_multiclass_state(pred, CAST(target AS array<tinyint>), 2) FROM VALUES"
            + " (array(1.0D, 2.0D), array(1)) AS t(pred, target)").columns()));
  }

  @Test
  void theAggregatesReadTheirArraysInOneCopyNotElementByElement() {
    // Spark's bean encoder reads a double[] field as mapobjects(x -> assertnotnull(x), pred).toDoubleArray(),
    // boxing every element; the aggregates read pred.toDoubleArray() (UnboxedArrayInputs)
    for (String query : List.of("SELECT seg_binary_metrics(pred, target) FROM bin_public",
        "SELECT seg_binary_state(pred, target) FROM VALUES (array(0.5D), array(1.0D)) AS t(pred, target)",
        "SELECT seg_multiclass_state(pred, target, 2, 'ignore_index=1') FROM VALUES"
            + " (array(1.0F, NULL), array(1)) AS t(pred, target)")) {
      List<String> deserializers = new ArrayList<>();
      spark.sql(query).queryExecution().analyzed().foreach(plan -> {
        plan.expressions().foreach(e -> {
          e.foreach(x -> {
            if (x instanceof org.apache.spark.sql.execution.aggregate.ScalaAggregator<?, ?, ?> a) {
              deserializers.add(a.inputEncoder().objDeserializer().toString());
            }
            return null;
          });
          return null;
        });
        return null;
      });
      assertEquals(1, deserializers.size(), query);
      String d = deserializers.get(0);
      assertTrue(d.contains("input[0, array<double>, true].toDoubleArray()") && !d.toLowerCase().contains("mapobjects"), d);
    }
  }

  /** The reason of the bad record that fails the query. */
  private static String badRecord(String query) {
    Exception e = assertThrows(Exception.class, () -> spark.sql(query).collect());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.segeval.codec.BadRecordException bad) {
        return bad.reason();
      }
    }
    throw new AssertionError("no bad record in " + rootMessage(e), e);
  }

  private static String rootMessage(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append(" | ");
    }
    return b.toString();
  }
}
