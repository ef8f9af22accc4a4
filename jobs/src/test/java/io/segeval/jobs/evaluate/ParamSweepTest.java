package io.segeval.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.codec.NdArray;
import io.segeval.codec.Npy;
import io.segeval.codec.PngMask;
import io.segeval.jobs.CliRun;
import io.segeval.jobs.output.Summary;
import io.segeval.spark.SegEvalFunctions;
import io.segeval.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SegEval against PyTorch at the parameter values and input kinds that {@code testdata/} (one
 * parameter set, float32 logits) does not reach: thresholds 0.3 and 0.9, focal γ 0, 0.5, 3 and
 * α 0.25, Tversky 0.7/0.3, smooth 0 and 10, Combo 0.2/0.8/1e-6; float16 and float64 logits,
 * probabilities with exact 0 and 1, soft NPY targets, PNG label maps; multiclass C = 4 with ignore
 * index 255, 0 and −1, smooth 0 and 2, logits, probabilities and labels. And at the edges of
 * float64 ({@code edge_cases/}): logits ±750, ±745, ±709, ±1e4, subnormal, −0.0; float16 ±65504
 * and its smallest normal and subnormal; probabilities 0, 1, 5e-324, 1 − 2^-53; images with no
 * positive pixel (P = T = I = 0) or all positive; focal γ 0.001 and 20, Tversky 1/0, 0/1, 0/0,
 * combo_eps 1e-16 and 0.4999, thresholds 4.9e-324 and 1 − 2^-53; multiclass ties of −0.0 and 0.0,
 * an all-ignored image, an ignore index that is a class id.
 *
 * <p>The data and {@code expected.json} in {@code param_sweep/} and {@code edge_cases/} are made by
 * {@code tools/reference/param_sweep.py} and {@code edge_cases.py} (float64 PyTorch, the spec's
 * formulas; see the README in {@code param_sweep/} and the script's docstring). Every value of every case is asserted: dataset, per-image means, per-class values and
 * confusion matrix, and each per-image row; counts exactly, other numbers to 1e-9 relative
 * (1e-12 absolute near 0), and null exactly where the reference has null.
 */
class ParamSweepTest {
  private static final double REL = 1e-9;
  private static final double ABS = 1e-12;
  /** The reference datasets, each a folder with its data and expected.json. */
  private static final List<String> DATASETS = List.of("param_sweep", "edge_cases");
  /** Every case of every dataset by "folder/name". */
  private static final Map<String, JsonNode> CASES = readCases();

  @TempDir static Path tmp;

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  /** The SQL functions take logits or probabilities for binary, any kind for multiclass. */
  static Stream<String> sqlCases() {
    return cases().filter(name -> !isBinary(CASES.get(name)) || !"labels".equals(CASES.get(name).get("input").asText()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evaluationGivesThePyTorchValues(String name) {
    JsonNode c = CASES.get(name);
    Path out = tmp.resolve(name.replace('/', '_'));
    List<String> args = new ArrayList<>(List.of("--pred", dataOf(name).resolve(c.get("pred").asText()).toString(),
        "--target", dataOf(name).resolve(c.get("target").asText()).toString(), "--output", out.toString(),
        "--lovasz", "both", "--per-image-format", "json"));
    if (!isBinary(c)) {
      args.addAll(List.of("--task", "multiclass", "--num-classes", c.get("num_classes").asText()));
    }
    options(c).forEach((key, value) -> args.addAll(List.of("--" + key.replace('_', '-'), value)));
    Summary s = new Evaluation(TestSpark.get(), EvaluationActionTest.config(args.toArray(new String[0]))).run();

    JsonNode summary = CliRun.summary(out);
    assertEquals(c.get("input").asText(), s.input(), "input");
    assertEquals(c.get("images").asLong(), s.images(), "images");
    assertEquals(c.get("pixels").asLong(), s.pixels(), "pixels");
    if (isBinary(c)) {
      options(c).forEach((key, value) -> {
        if (!key.equals("input")) {
          assertEquals(Double.parseDouble(value), summary.get("params").get(key).asDouble(), "params." + key);
        }
      });
    } else {
      assertEquals(options(c).getOrDefault("ignore_index", "255"), summary.get("ignore_index").asText(), "ignore_index");
      assertEquals(c.get("confusion_matrix"), summary.get("confusion_matrix"), "confusion_matrix");
      assertSection(c.get("per_class"), summary.get("per_class"), "per_class");
    }
    assertSection(c.get("dataset"), summary.get("dataset"), "dataset");
    assertSection(c.get("per_image_mean"), summary.get("per_image_mean"), "per_image_mean");

    Map<String, JsonNode> rows = CliRun.jsonLines(out.resolve("per_image"), "image_id");
    List<String> ids = fieldNames(c.get("per_image"));
    assertEquals(new TreeSet<>(ids), new TreeSet<>(rows.keySet()), "per-image rows");
    for (String id : ids) {
      assertSection(c.get("per_image").get(id), rows.get(id), "per_image." + id);
    }
  }

  /**
   * The one-call binary aggregate and the multiclass state and result functions on the same
   * images as arrays: the dataset values the functions give (all but the Lovász losses), the
   * per-class values and the confusion matrix.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sqlCases")
  void sqlFunctionsGiveThePyTorchValues(String name) {
    JsonNode c = CASES.get(name);
    SparkSession spark = TestSpark.get();
    SegEvalFunctions.register(spark);
    boolean binary = isBinary(c);
    List<Row> images = new ArrayList<>();
    Path predDir = dataOf(name).resolve(c.get("pred").asText());
    Path targetDir = dataOf(name).resolve(c.get("target").asText());
    for (String id : fieldNames(c.get("per_image"))) {
      images.add(RowFactory.create(values(file(predDir, id)), values(file(targetDir, id))));
    }
    StructType schema = new StructType()
        .add("pred", DataTypes.createArrayType(DataTypes.DoubleType, false))
        .add("target", DataTypes.createArrayType(DataTypes.DoubleType, false));
    spark.createDataFrame(images, schema).repartition(2).createOrReplaceTempView("param_sweep");
    // the input kind always: SQL has no file extension to take the default from
    StringJoiner opts = new StringJoiner(",").add("input=" + c.get("input").asText());
    options(c).forEach((key, value) -> {
      if (!key.equals("input")) {
        opts.add(key + "=" + value);
      }
    });
    String call = binary
        ? "seg_binary_metrics_with(pred, target, '" + opts + "')"
        : "seg_multiclass_result(seg_multiclass_state(pred, target, " + c.get("num_classes").asInt() + ", '" + opts + "'))";
    Row m = spark.sql("SELECT " + call + " AS m FROM param_sweep").first().getStruct(0);
    JsonNode actual = readJson(m.json());

    assertEquals(c.get("pixels").asLong(), actual.get("pixels").asLong(), "pixels");
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("dataset").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("lovasz")) {
        assertValue(e.getValue(), actual.get(e.getKey()), "sql " + e.getKey());
      }
    }
    if (!binary) {
      assertEquals(c.get("ignored").asLong(), actual.get("ignored").asLong(), "ignored");
      assertEquals(c.get("confusion_matrix"), actual.get("confusion_matrix"), "confusion_matrix");
      assertSection(c.get("per_class"), actual, "sql per_class");
    }
  }

  /** Every field of {@code expected} in {@code actual}: see {@link #assertValue}. */
  private static void assertSection(JsonNode expected, JsonNode actual, String where) {
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertValue(e.getValue(), actual.get(e.getKey()), where + "." + e.getKey());
    }
  }

  /** null exactly where expected, counts exactly, numbers to 1e-9 relative or 1e-12 absolute; arrays element-wise. */
  private static void assertValue(JsonNode expected, JsonNode actual, String what) {
    assertTrue(actual != null, what + " missing");
    if (expected.isNull()) {
      assertTrue(actual.isNull(), what + ": expected null but was " + actual);
    } else if (expected.isArray()) {
      assertEquals(expected.size(), actual.size(), what + " length");
      for (int i = 0; i < expected.size(); i++) {
        assertValue(expected.get(i), actual.get(i), what + "[" + i + "]");
      }
    } else {
      assertTrue(actual.isNumber(), what + ": expected " + expected + " but was " + actual);
      if (expected.isIntegralNumber()) {
        assertTrue(actual.isIntegralNumber(), what + ": expected the count " + expected + " but was " + actual);
        assertEquals(expected.asLong(), actual.asLong(), what);
      } else {
        double e = expected.asDouble();
        double a = actual.asDouble();
        double err = Math.abs(a - e);
        assertTrue(err <= REL * Math.abs(e) || err <= ABS,
            what + ": expected " + e + " but was " + a + " (error " + err + ")");
      }
    }
  }

  private static boolean isBinary(JsonNode c) {
    return "binary".equals(c.get("task").asText());
  }

  /** The case's options by spec key (CLI option without dashes, SQL option key): value as text. */
  private static Map<String, String> options(JsonNode c) {
    Map<String, String> m = new LinkedHashMap<>();
    c.get("options").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static Map<String, JsonNode> readCases() {
    Map<String, JsonNode> cases = new LinkedHashMap<>();
    for (String folder : DATASETS) {
      JsonNode inFolder = readJson(resource(folder).resolve("expected.json")).get("cases");
      for (String name : fieldNames(inFolder)) {
        cases.put(folder + "/" + name, inFolder.get(name));
      }
    }
    return cases;
  }

  /** The folder of case {@code id} ("folder/name"): its pred and target paths are relative to it. */
  private static Path dataOf(String id) {
    return resource(id.substring(0, id.indexOf('/')));
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** {@code DIR/<id>.npy} or {@code DIR/<id>.png}. */
  private static Path file(Path dir, String id) {
    Path npy = dir.resolve(id + ".npy");
    return Files.exists(npy) ? npy : dir.resolve(id + ".png");
  }

  /** A file's values, flattened in C order. */
  private static double[] values(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      NdArray a = file.toString().endsWith(".npy")
          ? Npy.decode(bytes, Long.MAX_VALUE, null)
          : PngMask.decode(bytes, Long.MAX_VALUE, null);
      return Arrays.copyOf(a.data(), a.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(ParamSweepTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return readJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readJson(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
