package io.segeval.spark;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.core.binary.BinaryMetric;
import io.segeval.core.multiclass.MulticlassMetric;
import io.segeval.core.multiclass.PerClassMetric;
import io.segeval.testing.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state functions on the reference data, in a session whose functions come from
 * {@link SegEvalExtensions} only ({@link ExtensionSessions}): per-image states stored in Parquet,
 * read back and merged give expected.json's values (1e-9) and the one-call aggregate's (1e-12).
 */
class SqlStateFunctionsTest {
  private static final JsonNode BIN = ReferenceData.expected("bin_public");
  private static final JsonNode MC = ReferenceData.expected("mc_public");
  private static final String OPTIONS = "'tversky_alpha=0.3,tversky_beta=0.7'";
  private static SparkSession spark;

  @TempDir static Path tmp;

  @BeforeAll
  static void tables() {
    spark = ExtensionSessions.fresh();
    table("bin_public", "bin");
    table("mc_public", "mc");
  }

  /** A dataset as (image_id, pred array<float>, target array<int>), in 3 partitions. */
  private static void table(String dataset, String view) {
    List<Row> rows = new ArrayList<>();
    for (ReferenceData.Image image : ReferenceData.images(dataset)) {
      float[] pred = new float[image.pred().size()];
      for (int j = 0; j < pred.length; j++) {
        pred[j] = (float) image.pred().data()[j];
      }
      int[] target = new int[image.target().size()];
      for (int j = 0; j < target.length; j++) {
        target[j] = (int) image.target().data()[j];
      }
      rows.add(RowFactory.create(image.id(), pred, target));
    }
    StructType schema = new StructType()
        .add("image_id", DataTypes.StringType)
        .add("pred", DataTypes.createArrayType(DataTypes.FloatType, false))
        .add("target", DataTypes.createArrayType(DataTypes.IntegerType, false));
    spark.createDataFrame(rows, schema).repartition(3).createOrReplaceTempView(view);
  }

  @Test
  void extensionSessionHasEveryFunction() {
    for (SegEvalFunctions.SqlFunction f : SegEvalFunctions.ALL) {
      String usage = spark.sql("DESCRIBE FUNCTION " + f.name()).collectAsList().toString();
      assertTrue(usage.contains(f.name()), usage);
    }
  }

  @Test
  void storedBinaryStatesMergeIntoTheReferenceValues() {
    Path states = tmp.resolve("bin_states");
    spark.sql("SELECT image_id, seg_binary_state(pred, target, " + OPTIONS + ") AS state FROM bin GROUP BY image_id")
        .write().parquet(states.toString());
    Row merged = spark.sql("SELECT seg_binary_result(seg_binary_state_merge(state)) AS r FROM parquet.`" + states + "`")
        .first().getStruct(0);
    Row direct = spark.sql("SELECT seg_binary_metrics_with(pred, target, " + OPTIONS + ") AS m FROM bin").first().getStruct(0);
    assertEquals(BIN.get("pixels").asLong(), merged.getLong(merged.fieldIndex("pixels")));
    for (BinaryMetric m : BinaryResultRows.AGGREGATE_METRICS) {
      int i = merged.fieldIndex(m.key());
      double want = BIN.get("dataset").get(m.key()).asDouble();
      double got = m.isCount() ? merged.getLong(i) : merged.getDouble(i);
      assertClose(want, got, 1e-9, m.key());
      assertClose(m.isCount() ? direct.getLong(i) : direct.getDouble(i), got, 1e-12, m.key() + " vs one call");
    }
    // Two halves merged at the SQL level give the same again.
    Row halves = spark.sql("SELECT seg_binary_result(seg_binary_state_merge(s)) AS r FROM ("
        + "SELECT seg_binary_state(pred, target, " + OPTIONS + ") AS s FROM bin GROUP BY image_id < 'img_008')")
        .first().getStruct(0);
    assertClose(merged.getDouble(merged.fieldIndex("dice")), halves.getDouble(halves.fieldIndex("dice")), 1e-12, "halves");
  }

  /**
   * One stored state (default parameters) gives the metrics at other result-only parameters: each
   * equals the one-call aggregate over the rows with those options (1e-12), and tversky at
   * expected.json's α=0.3, β=0.7 its reference value (1e-9).
   */
  @Test
  void oneStoredStateGivesATverskySweepWithoutReadingTheRowsAgain() {
    Path states = tmp.resolve("bin_states_defaults");
    spark.sql("SELECT image_id, seg_binary_state(pred, target) AS state FROM bin GROUP BY image_id")
        .write().parquet(states.toString());
    spark.sql("SELECT seg_binary_state_merge(state) AS state FROM parquet.`" + states + "`")
        .createOrReplaceTempView("one_state");
    for (String options : List.of("tversky_alpha=0.3,tversky_beta=0.7", "tversky_alpha=0.7,tversky_beta=0.3",
        "tversky_alpha=1,tversky_beta=0", "smooth=0.25,combo_ce_ratio=0.2")) {
      Row swept = spark.sql("SELECT seg_binary_result(state, '" + options + "') FROM one_state").first().getStruct(0);
      Row direct = spark.sql("SELECT seg_binary_metrics_with(pred, target, '" + options + "') FROM bin").first()
          .getStruct(0);
      assertEquals(direct.getLong(0), swept.getLong(0), options + " pixels");
      for (BinaryMetric m : BinaryResultRows.AGGREGATE_METRICS) {
        int i = swept.fieldIndex(m.key());
        assertClose(m.isCount() ? direct.getLong(i) : direct.getDouble(i),
            m.isCount() ? swept.getLong(i) : swept.getDouble(i), 1e-12, options + ": " + m.key());
      }
    }
    Row reference = spark.sql("SELECT seg_binary_result(state, " + OPTIONS + ") FROM one_state").first().getStruct(0);
    assertClose(BIN.get("dataset").get("tversky").asDouble(), reference.getDouble(reference.fieldIndex("tversky")),
        1e-9, "tversky at expected.json's parameters");
    // null options (a literal or a column's null): the state's own parameters, tversky at 0.5/0.5
    Row own = spark.sql("SELECT seg_binary_result(state) FROM one_state").first().getStruct(0);
    assertEquals(own, spark.sql("SELECT seg_binary_result(state, NULL) FROM one_state").first().getStruct(0));
    assertEquals(own, spark.sql("SELECT seg_binary_result(state, o) FROM one_state, VALUES (CAST(NULL AS STRING))"
        + " AS t(o)").first().getStruct(0));
    assertEquals(own, spark.sql("SELECT seg_binary_result(state, '') FROM one_state").first().getStruct(0));
  }

  @Test
  void resultOptionsRefuseWhatEnteredTheSums() {
    // a literal: refused while the query is resolved, naming the allowed keys and why threshold is not one
    Exception threshold = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_result(seg_binary_state(pred, target), 'tversky_alpha=0.3,threshold=0.4') FROM bin"));
    assertEquals("seg_binary_result: threshold cannot change after the pass: it entered the hard counts tp, fp, fn, tn"
        + " of the state (build the state again with it); result options take only [smooth, tversky_alpha,"
        + " tversky_beta, combo_ce_ratio], the parameters that enter only the final formulas", threshold.getMessage());
    Exception focal = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_result(seg_binary_state(pred, target), 'focal_gamma=1') FROM bin"));
    assertTrue(focal.getMessage().startsWith("seg_binary_result: focal_gamma cannot change after the pass: it entered"
        + " the focal sum F of the state"), focal.getMessage());
    Exception input = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_result(seg_binary_state(pred, target), 'input=probabilities') FROM bin"));
    assertEquals("seg_binary_result: unknown result parameter 'input': result options take only [smooth,"
        + " tversky_alpha, tversky_beta, combo_ce_ratio], the parameters that enter only the final formulas",
        input.getMessage());
    // a column of options: refused row by row, in the same words
    Exception column = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_result(seg_binary_state(pred, target), first(o)) FROM bin, VALUES ('combo_eps=1e-7')"
            + " AS t(o)").collect());
    assertTrue(String.valueOf(column.getMessage()).contains("combo_eps cannot change after the pass: it entered"
        + " Combo's cross-entropy sum W of the state"), column.getMessage());
    Exception notText = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_result(seg_binary_state(pred, target), 42) FROM bin"));
    assertEquals("seg_binary_result: options must be a STRING 'key=value,...', got 42 (INT)", notText.getMessage());
  }

  @Test
  void storedMulticlassStatesMergeIntoTheReferenceValues() {
    Path states = tmp.resolve("mc_states");
    spark.sql("SELECT image_id, seg_multiclass_state(pred, target, 5) AS state FROM mc GROUP BY image_id")
        .write().parquet(states.toString());
    Row r = spark.sql("SELECT seg_multiclass_result(seg_multiclass_state_merge(state)) AS r FROM parquet.`" + states + "`")
        .first().getStruct(0);
    assertEquals(MC.get("pixels").asLong(), r.getLong(r.fieldIndex("pixels")));
    for (MulticlassMetric m : MulticlassResultRows.AGGREGATE_METRICS) {
      assertClose(MC.get("dataset").get(m.key()).asDouble(), r.getDouble(r.fieldIndex(m.key())), 1e-9, m.key());
    }
    for (PerClassMetric m : PerClassMetric.values()) {
      List<Double> values = r.getList(r.fieldIndex(m.key()));
      for (int c = 0; c < 5; c++) {
        assertClose(MC.get("per_class").get(m.key()).get(c).asDouble(), values.get(c), 1e-9, m.key() + "[" + c + "]");
      }
    }
    List<scala.collection.Seq<Long>> matrix = r.getList(r.fieldIndex("confusion_matrix"));
    for (int t = 0; t < 5; t++) {
      for (int p = 0; p < 5; p++) {
        assertEquals(MC.get("confusion_matrix").get(t).get(p).asLong(), matrix.get(t).apply(p), "M[" + t + "][" + p + "]");
      }
    }
  }

  @Test
  void statesRefuseWhatTheyCannotMerge() {
    Exception mixedOptions = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_state_merge(s) FROM (SELECT seg_binary_state(pred, target) AS s FROM bin "
            + "UNION ALL SELECT seg_binary_state(pred, target, " + OPTIONS + ") FROM bin)").collect());
    // the values of the state merged into the other: the defaults' or the options' (whichever partition comes first)
    String merged = String.valueOf(mixedOptions.getMessage());
    assertTrue(merged.contains("cannot merge binary states built with different parameters: tversky_alpha=0.5 vs"
        + " tversky_alpha=0.3, tversky_beta=0.5 vs tversky_beta=0.7; these enter only the final formulas: build the"
        + " states with the same values, merge them, and give others to the result: seg_binary_result(state,"
        + " 'tversky_alpha=0.3,tversky_beta=0.7')") || merged.contains("tversky_alpha=0.3 vs tversky_alpha=0.5,"
        + " tversky_beta=0.7 vs tversky_beta=0.5; these enter only the final formulas: build the states with the same"
        + " values, merge them, and give others to the result: seg_binary_result(state,"
        + " 'tversky_alpha=0.5,tversky_beta=0.5')"), merged);
    // a parameter that entered the sums: no such way
    Exception threshold = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_state_merge(s) FROM (SELECT seg_binary_state(pred, target) AS s FROM bin "
            + "UNION ALL SELECT seg_binary_state(pred, target, 'threshold=0.3,smooth=2') FROM bin)").collect());
    assertTrue(String.valueOf(threshold.getMessage()).contains("different parameters: smooth=1.0 vs smooth=2.0,"
        + " threshold=0.5 vs threshold=0.3") && !threshold.getMessage().contains("final formulas"), threshold.getMessage());
    Exception otherTask = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_result(seg_multiclass_state(pred, target, 5)) FROM mc").collect());
    assertTrue(String.valueOf(otherTask.getMessage()).contains("state of the other task"), otherTask.getMessage());
    Exception arity = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_state(pred) FROM bin").collect());
    assertTrue(String.valueOf(arity.getMessage()).contains("seg_binary_state takes 2 or 3 arguments"), arity.getMessage());
  }

  @Test
  void aStateArgumentOfAnotherTypeIsABadQueryAndTextStatesReadBackWithUnbase64() {
    // refused by spark.sql itself (analysis), not by a task: no ClassCastException, no string bytes read as a state
    Exception number = assertThrows(Exception.class, () -> spark.sql("SELECT seg_binary_result(42)"));
    assertEquals("seg_binary_result: state must be BINARY (a state that seg_binary_state or seg_multiclass_state made),"
        + " got 42 (INT); a state kept as text is read back with unbase64(state) or unhex(state)", number.getMessage());
    Exception text = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_multiclass_state_merge(state) FROM VALUES ('U0VHTQ==') AS t(state)"));
    assertTrue(text.getMessage().startsWith("seg_multiclass_state_merge: state must be BINARY (a state that"
        + " seg_binary_state or seg_multiclass_state made), got state (STRING)"), text.getMessage());
    // the way the message says: states kept as base64 text merge into the reference values
    Row r = spark.sql("SELECT seg_binary_result(seg_binary_state_merge(unbase64(state))) AS r FROM (SELECT"
        + " base64(seg_binary_state(pred, target, " + OPTIONS + ")) AS state FROM bin GROUP BY image_id)").first().getStruct(0);
    assertEquals(BIN.get("dataset").get("tp").asLong(), r.getLong(r.fieldIndex("tp")));
    assertClose(BIN.get("dataset").get("tversky").asDouble(), r.getDouble(r.fieldIndex("tversky")), 1e-9, "tversky");
    // a null literal is still a null state: null result
    assertTrue(spark.sql("SELECT seg_multiclass_result(NULL)").first().isNullAt(0));
  }

  @Test
  void multiclassStatesOfOtherParametersAreRefusedInTheFunctionsWords() {
    // stored states of two settings: the merge names both settings as options, not as Java records
    String two = "SELECT seg_multiclass_state(array(3.0D, 0.1D, 0.2D, 2.0D), array(0, 1), 2) AS s"
        + " UNION ALL SELECT seg_multiclass_state(array(3.0D, 0.1D, 0.2D, 2.0D), array(0, 1), 2, 'ignore_index=-1')";
    Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT seg_multiclass_state_merge(s) FROM (" + two
        + ")").collect());
    assertTrue(String.valueOf(e.getMessage()).contains("cannot merge multiclass states built with different parameters:"
        + " num_classes=2,ignore_index="), e.getMessage());
    assertTrue(String.valueOf(e.getMessage()).contains("ignore_index=-1,smooth=1.0,input=logits"), e.getMessage());
    // rows of one aggregate: the options argument differs between rows, in either partition layout
    for (int partitions : new int[] {1, 2}) {
      Exception rows = assertThrows(Exception.class, () -> spark.sql("SELECT /*+ REPARTITION(" + partitions + ") */"
          + " seg_multiclass_state(pred, target, 2, o) FROM VALUES (array(0D), array(0), 'input=labels'),"
          + " (array(0D), array(0), 'input=labels,smooth=0') AS t(pred, target, o)").collect());
      assertTrue(String.valueOf(rows.getMessage()).contains("the options must be the same on every row: got num_classes=2,"),
          partitions + " partitions: " + rows.getMessage());
    }
  }

  @Test
  void arraysReadFromParquetHaveNullableElementsAndStillWork() {
    Path table = tmp.resolve("bin_parquet");
    spark.table("bin").write().parquet(table.toString());
    Row m = spark.sql("SELECT seg_binary_metrics(pred, target) AS m FROM parquet.`" + table + "`").first().getStruct(0);
    assertEquals(BIN.get("dataset").get("tp").asLong(), m.getLong(m.fieldIndex("tp")));
    Exception nullElement = assertThrows(Exception.class, () -> spark.sql(
        "SELECT seg_binary_metrics(pred, target) FROM VALUES (array(1.0D, NULL), array(1, 0)) AS t(pred, target)").collect());
    assertTrue(String.valueOf(nullElement.getMessage()).contains("null prediction value at (row 0, col 1)"),
        nullElement.getMessage());
  }

  @Test
  void emptyInputsGiveEmptyOrNullStates() {
    Row binary = spark.sql("SELECT seg_binary_result(seg_binary_state(pred, target)) AS r FROM bin WHERE false")
        .first().getStruct(0);
    assertEquals(0L, binary.getLong(binary.fieldIndex("pixels")));
    assertNull(binary.get(binary.fieldIndex("hard_dice")));
    assertTrue(spark.sql("SELECT seg_multiclass_state(pred, target, 5) FROM mc WHERE false").first().isNullAt(0));
  }

  @Test
  void aMergeOfStatesOfNoPixelsKeepsTheirParameters() {
    // a day without images, its state built at smooth=0: soft scores 0/0, null; so are those of a merge of such
    // days, whichever partition's empty buffer (the defaults, smooth 1: dice 1) the merge starts from
    String day = "SELECT seg_binary_state(pred, target, 'smooth=0') AS s FROM VALUES (array(1.0D), array(1))"
        + " AS t(pred, target) WHERE false";
    assertTrue(spark.sql("SELECT seg_binary_result(s).dice FROM (" + day + ")").first().isNullAt(0));
    Row month = spark.sql("SELECT seg_binary_result(seg_binary_state_merge(s)) AS r FROM (SELECT /*+ REPARTITION(4) */"
        + " s FROM (" + day + " UNION ALL " + day + "))").first().getStruct(0);
    assertEquals(0L, month.getLong(month.fieldIndex("pixels")));
    assertNull(month.get(month.fieldIndex("dice")));
    assertNull(month.get(month.fieldIndex("tversky")));
  }

  @Test
  void stateBlobsRoundTrip() throws Exception {
    byte[] state = (byte[]) spark.sql("SELECT seg_binary_state(pred, target) FROM bin").first().get(0);
    assertEquals(BinaryStates.SIZE, state.length);
    assertEquals(BIN.get("pixels").asLong(), BinaryStates.fromBytes(state).pixels());
    Files.write(tmp.resolve("state.bin"), state);
    assertThrows(IllegalArgumentException.class, () -> BinaryStates.fromBytes(new byte[] {1, 2, 3}));
  }
}
