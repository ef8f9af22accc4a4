package io.segeval.spark;

import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one registry of SegEval's SQL functions (DataSketches style: build a state, merge states,
 * finish a state; plus one-call aggregates). Every function, its name, its usage and its
 * implementation per number of arguments is listed in {@link #ALL}; {@link #register} adds them to
 * a session, {@link SegEvalExtensions} to every session configured with
 * {@code spark.sql.extensions=io.segeval.spark.SegEvalExtensions}. docs/sql.md documents each one
 * with an example (a test runs them all).
 *
 * <p>Arrays: {@code pred} and {@code target} hold one image each, flattened (float, double or
 * integer). States are BINARY blobs ({@link BinaryStates}, {@link MulticlassStates}).
 */
public final class SegEvalFunctions {
  private SegEvalFunctions() {}

  public static final String BINARY_METRICS = "seg_binary_metrics";
  public static final String BINARY_METRICS_WITH = "seg_binary_metrics_with";
  public static final String MULTICLASS_METRICS = "seg_multiclass_metrics";
  public static final String BINARY_STATE = "seg_binary_state";
  public static final String BINARY_STATE_MERGE = "seg_binary_state_merge";
  public static final String BINARY_RESULT = "seg_binary_result";
  public static final String MULTICLASS_STATE = "seg_multiclass_state";
  public static final String MULTICLASS_STATE_MERGE = "seg_multiclass_state_merge";
  public static final String MULTICLASS_RESULT = "seg_multiclass_result";

  /** What a function's first arguments are: states, or images ({@code pred}, {@code target}) of a task. */
  public enum Takes {
    STATES, BINARY_IMAGES, MULTICLASS_IMAGES;

    boolean images() {
      return this != STATES;
    }
  }

  /**
   * One SQL function: its name, its usage text ({@code DESCRIBE FUNCTION}), its implementation
   * for each accepted number of arguments, and what its first arguments are. An implementation is
   * given the call's options argument when it is a literal (null when it is a column or absent),
   * already checked.
   */
  public record SqlFunction(String name, String usage, Description description,
      Map<Integer, Function<String, UserDefinedFunction>> byArity, Takes takes) {

    /** The expression of a call: an aggregate or a scalar UDF over the arguments. */
    public Expression build(Seq<Expression> args) {
      Function<String, UserDefinedFunction> f = byArity.get(args.size());
      if (f == null) {
        throw new RefusedArgumentException(name + " takes " + String.join(" or ",
            byArity.keySet().stream().map(String::valueOf).toList())
            + (byArity.keySet().equals(Set.of(1)) ? " argument" : " arguments") + ", got " + args.size()
            + ": " + usage + sibling(args.size()));
      }
      List<Expression> inputs = new ArrayList<>(CollectionConverters.asJava(args));
      String literalOptions = new SqlArguments(name, takes).check(args);
      if (takes.images()) {
        List<Expression> images = NonNullArrays.ofImages(name, inputs.get(0), inputs.get(1),
            takes == Takes.MULTICLASS_IMAGES);
        inputs.set(0, images.get(0));
        inputs.set(1, images.get(1));
      }
      UserDefinedFunction udf = f.apply(literalOptions).withName(name);
      Seq<Expression> children = CollectionConverters.asScala(inputs).toList();
      if (udf instanceof UserDefinedAggregator<?, ?, ?> a) {
        return UnboxedArrayInputs.aggregate(named(a), children);
      }
      // shown as written: a scalar UDF's own SQL text would print its argument's aggregator object
      return Shown.call(name, UserDefinedFunctionUtils.toScalaUDF((SparkUserDefinedFunction) udf, children), args);
    }

    /** {@code a}, its refusals while the query runs naming this function ({@link FunctionRefusals}). */
    private <I, B, O> UserDefinedAggregator<I, B, O> named(UserDefinedAggregator<I, B, O> a) {
      return a.copy(new NamedAggregator<>(name, a.aggregator()), a.inputEncoder(), a.givenName(), a.nullable(),
          a.deterministic());
    }

    /**
     * The function of the same family that takes {@code arity} arguments, where this one does not:
     * seg_binary_metrics(pred, target, options) is seg_binary_metrics_with, and the reverse.
     */
    private String sibling(int arity) {
      return ALL.stream()
          .filter(g -> g != this && g.takes == takes && g.byArity.containsKey(arity)
              && (g.name.startsWith(name) || name.startsWith(g.name)))
          .map(g -> "; with " + arity + " arguments: " + g.usage)
          .findFirst().orElse("");
    }

    Function1<Seq<Expression>, Expression> builder() {
      return this::build;
    }

    /** What {@code DESCRIBE FUNCTION [EXTENDED]} prints: the usage, arguments, examples, group and since. */
    ExpressionInfo info() {
      return new ExpressionInfo(SegEvalFunctions.class.getName(), null, name, usage, description.arguments(),
          description.examples(), "", description.group(), SINCE, "", "");
    }
  }

  /** The release that added the functions, {@code Since:} in {@code DESCRIBE FUNCTION EXTENDED}. */
  public static final String SINCE = "0.1.0";

  /**
   * The extended description of a function, in the layout that Spark's ExpressionInfo and its
   * own functions use: {@code arguments} starts with {@code "\n    Arguments:\n"}, {@code examples}
   * with {@code "\n    Examples:\n"}, each example a line {@code "      > SELECT ...;"} (with
   * {@code _FUNC_} for the function's name) followed by the lines it prints, both ending with
   * {@code "\n  "}. SqlFunctionDescriptionsTest runs every example and compares what it prints.
   */
  public record Description(String arguments, String examples, String group) {
    static Description of(String group, List<String> arguments, String... examples) {
      StringBuilder a = new StringBuilder("\n    Arguments:\n");
      arguments.forEach(line -> a.append("      * ").append(line).append('\n'));
      StringBuilder e = new StringBuilder("\n    Examples:\n");
      for (int i = 0; i < examples.length; i += 2) {
        e.append("      > ").append(examples[i]).append(";\n");
        examples[i + 1].lines().forEach(line -> e.append("       ").append(line).append('\n'));
      }
      return new Description(a.append("  ").toString(), e.append("  ").toString(), group);
    }
  }

  private static final String AGGREGATE = "agg_funcs";
  private static final String SCALAR = "misc_funcs";

  /** The arguments of the binary image functions: pred, target, options (a function takes the first ones). */
  private static final List<String> BINARY_ARGUMENTS = List.of(
      "pred - one image's prediction, a flattened array (float, double or integer): logits, or probabilities or"
          + " 0/1/255 labels as the options say",
      "target - the image's mask, the same length: 0/1 (255 is 1) or soft values in [0, 1]; a null or empty pred or"
          + " target fails the query",
      "options - 'key=value,...': input=logits|probabilities|labels, smooth, threshold, tversky_alpha, tversky_beta,"
          + " focal_alpha, focal_gamma, combo_alpha, combo_ce_ratio, combo_eps (null or '' the defaults)");

  /** The arguments of the multiclass image functions: pred, target, num_classes, options. */
  private static final List<String> MULTICLASS_ARGUMENTS = List.of(
      "pred - one image's prediction, flattened: C*H*W scores, channel-major (pred[c*H*W + j]), or H*W class ids"
          + " with 'input=labels'",
      "target - the image's H*W class ids; the ignore index (255) is left out",
      "num_classes - C, an integer in [2, 46340], the same on every row",
      "options - 'key=value,...': ignore_index, smooth, input=logits|probabilities|labels (null or '' the defaults)");

  /** The argument of a merge or finalizer of a task's states. */
  private static List<String> stateArgument(String task, String ofNull) {
    return List.of("state - a " + task + " state (BINARY) that seg_" + task + "_state or seg_" + task
        + "_state_merge made; " + ofNull);
  }

  /** The arguments of seg_binary_result: a state, and result options. */
  private static final List<String> BINARY_RESULT_ARGUMENTS = List.of(
      stateArgument("binary", "null gives null").get(0),
      "options - 'key=value,...' of the parameters that enter only the final formulas: "
          + String.join(", ", BinaryParam.resultOnlyKeys()) + "; they replace the state's own (the others entered its"
          + " sums and cannot change: refused); null or '' the state's own");

  /** Two binary images of the examples (the first examples of docs/sql.md). */
  private static final String BINARY_ROWS = " FROM VALUES (array(2.0D, -1.0D, 0.5D, -3.0D), array(1, 0, 1, 0)),"
      + " (array(-0.5D, 1.5D), array(0, 255)) AS t(pred, target)";
  /** Two multiclass images of 2 pixels, 3 classes (one ignored pixel). */
  private static final String MULTICLASS_ROWS = " FROM VALUES (array(3.0D, 0.1D, 0.2D, 2.0D, 0.1D, 0.3D), array(0, 2)),"
      + " (array(0.5D, 0.2D, 0.1D, 0.1D, 2.5D, 0.4D), array(2, 255)) AS t(pred, target)";

  /** Every SegEval function. */
  public static final List<SqlFunction> ALL = List.of(
      binaryImages(BINARY_METRICS, "seg_binary_metrics(pred, target) - aggregate: struct of the dataset-wide binary metrics"
          + " of flattened logit and target arrays, default parameters",
          Description.of(AGGREGATE, BINARY_ARGUMENTS.subList(0, 2),
              "SELECT _FUNC_(pred, target).dice" + BINARY_ROWS, "0.8042582756700837",
              "SELECT _FUNC_(pred, target).tp" + BINARY_ROWS, "3"), Map.of(
              2, options -> ofRows(new BinaryMetricsAggregator<BinaryPixels>(BinaryOptions.DEFAULTS), BinaryPixels.class))),
      binaryImages(BINARY_METRICS_WITH, "seg_binary_metrics_with(pred, target, options) - aggregate: the same with an option"
          + " string, e.g. 'input=probabilities,tversky_alpha=0.3' (input=logits|probabilities|labels)",
          Description.of(AGGREGATE, BINARY_ARGUMENTS,
              "SELECT _FUNC_(pred, target, 'input=probabilities,tversky_alpha=0.3,tversky_beta=0.7').tversky FROM VALUES"
                  + " (array(0.9D, 0.2D, 0.6D, 0.05D), array(1, 0, 1, 0)), (array(0.4D, 0.8D), array(0, 1)) AS t(pred, target)",
              "0.8281053952321203",
              "SELECT _FUNC_(pred, target, 'input=labels').hard_dice FROM VALUES (array(0, 1, 255, 0), array(0, 1, 1, 1)),"
                  + " (array(1, 1), array(0, 255)) AS t(pred, target)",
              "0.75"), Map.of(
              3, options -> ofRows(new BinaryMetricsAggregator<BinaryPixelsWithOptions>(literal(options)),
                  BinaryPixelsWithOptions.class))),
      multiclassImages(MULTICLASS_METRICS, "seg_multiclass_metrics(pred, target, num_classes[, options]) - aggregate: struct"
          + " of the dataset-wide multiclass metrics, per-class arrays and confusion matrix of flattened logits (C*H*W,"
          + " channel-major) and targets (H*W, 255 ignored); options 'ignore_index=N,smooth=S,input=logits|probabilities"
          + "|labels'",
          Description.of(AGGREGATE, MULTICLASS_ARGUMENTS,
              "SELECT _FUNC_(pred, target, 3).miou" + MULTICLASS_ROWS, "0.5",
              "SELECT _FUNC_(pred, target, 3, 'input=labels').confusion_matrix FROM VALUES (array(0, 1, 2, 2),"
                  + " array(0, 1, 1, 255)) AS t(pred, target)",
              "[[1,0,0],[0,1,1],[0,0,0]]"), Map.of(
              3, options -> ofRows(new MulticlassMetricsAggregator<MulticlassPixels>(), MulticlassPixels.class),
              4, options -> ofRows(new MulticlassMetricsAggregator<MulticlassPixelsWithOptions>(),
                  MulticlassPixelsWithOptions.class))),
      binaryImages(BINARY_STATE, "seg_binary_state(pred, target[, options]) - aggregate: the mergeable binary state"
          + " (BINARY) of the rows",
          Description.of(AGGREGATE, BINARY_ARGUMENTS,
              "SELECT length(_FUNC_(pred, target))" + BINARY_ROWS, "166",
              "SELECT seg_binary_result(_FUNC_(pred, target)).dice" + BINARY_ROWS, "0.8042582756700837"), Map.of(
              2, options -> ofRows(new BinaryStateAggregator<BinaryPixels>(BinaryOptions.DEFAULTS), BinaryPixels.class),
              3, options -> ofRows(new BinaryStateAggregator<BinaryPixelsWithOptions>(literal(options)),
                  BinaryPixelsWithOptions.class))),
      states(BINARY_STATE_MERGE, "seg_binary_state_merge(state) - aggregate: binary states merged into one",
          Description.of(AGGREGATE, stateArgument("binary", "null states are skipped"),
              "SELECT seg_binary_result(_FUNC_(state)).dice FROM (SELECT seg_binary_state(pred, target) AS state"
                  + BINARY_ROWS + " GROUP BY pred)", "0.8042582756700837"),
          Map.of(1, options -> ofStates(new BinaryStateMergeAggregator()))),
      states(BINARY_RESULT, "seg_binary_result(state[, options]) - the metrics struct of a binary state; options"
          + " 'smooth=S,tversky_alpha=A,tversky_beta=B,combo_ce_ratio=R' give it with those parameters replaced",
          Description.of(SCALAR, BINARY_RESULT_ARGUMENTS,
              "SELECT _FUNC_(seg_binary_state(pred, target)).iou" + BINARY_ROWS, "0.7074767786896211",
              "SELECT _FUNC_(seg_binary_state(pred, target), 'tversky_alpha=0.3,tversky_beta=0.7').tversky"
                  + BINARY_ROWS,
              "0.8292910117358897",
              "SELECT _FUNC_(CAST(NULL AS BINARY)) IS NULL", "true"),
          Map.of(1, options -> scalar(new StateResults.Binary(), BinaryResultRows.METRICS),
              2, options -> scalar(new StateResults.BinaryWithOptions(), BinaryResultRows.METRICS))),
      multiclassImages(MULTICLASS_STATE, "seg_multiclass_state(pred, target, num_classes[, options]) - aggregate: the mergeable"
          + " multiclass state (BINARY); options 'ignore_index=N,smooth=S,input=logits|probabilities|labels'",
          Description.of(AGGREGATE, MULTICLASS_ARGUMENTS,
              "SELECT seg_multiclass_result(_FUNC_(pred, target, 3)).miou" + MULTICLASS_ROWS, "0.5",
              "SELECT seg_multiclass_result(_FUNC_(pred, target, 3, 'input=labels,ignore_index=-1')).aacc FROM VALUES"
                  + " (array(0, 1, 2, 2), array(0, 1, 1, 2)) AS t(pred, target)", "0.75"), Map.of(
              3, options -> ofRows(new MulticlassStateAggregator<MulticlassPixels>(), MulticlassPixels.class),
              4, options -> ofRows(new MulticlassStateAggregator<MulticlassPixelsWithOptions>(),
                  MulticlassPixelsWithOptions.class))),
      states(MULTICLASS_STATE_MERGE, "seg_multiclass_state_merge(state) - aggregate: multiclass states merged into one",
          Description.of(AGGREGATE, stateArgument("multiclass", "null states are skipped"),
              "SELECT seg_multiclass_result(_FUNC_(state)).confusion_matrix FROM (SELECT seg_multiclass_state(pred,"
                  + " target, 3) AS state" + MULTICLASS_ROWS + " GROUP BY pred)", "[[1,0,0],[0,0,0],[0,1,1]]"),
          Map.of(1, options -> ofStates(new MulticlassStateMergeAggregator()))),
      states(MULTICLASS_RESULT, "seg_multiclass_result(state) - the metrics struct of a multiclass state",
          Description.of(SCALAR, stateArgument("multiclass", "null gives null"),
              "SELECT _FUNC_(seg_multiclass_state(pred, target, 3)).iou" + MULTICLASS_ROWS, "[1.0,0.0,0.5]"),
          Map.of(1, options -> scalar(new StateResults.Multiclass(), MulticlassResultRows.METRICS))));

  /** A function of binary images: pred and target first, n values each. */
  private static SqlFunction binaryImages(String name, String usage, Description description,
      Map<Integer, Function<String, UserDefinedFunction>> byArity) {
    return new SqlFunction(name, usage, description, new TreeMap<>(byArity), Takes.BINARY_IMAGES);
  }

  /** A function of multiclass images: pred (C·n scores, channel-major, or n labels) and target (n) first. */
  private static SqlFunction multiclassImages(String name, String usage, Description description,
      Map<Integer, Function<String, UserDefinedFunction>> byArity) {
    return new SqlFunction(name, usage, description, new TreeMap<>(byArity), Takes.MULTICLASS_IMAGES);
  }

  /** A function of states. */
  private static SqlFunction states(String name, String usage, Description description,
      Map<Integer, Function<String, UserDefinedFunction>> byArity) {
    return new SqlFunction(name, usage, description, new TreeMap<>(byArity), Takes.STATES);
  }

  /**
   * An aggregate over rows of images: the SQL arguments bind by position to the fields of
   * {@code rowClass}, a bean (see {@link BinaryPixels} for why the field names matter).
   */
  private static <IN> UserDefinedFunction ofRows(Aggregator<IN, ?, ?> aggregator, Class<IN> rowClass) {
    return functions.udaf(aggregator, Encoders.bean(rowClass));
  }

  /** An aggregate over stored states (BINARY). */
  private static UserDefinedFunction ofStates(Aggregator<byte[], ?, ?> aggregator) {
    return functions.udaf(aggregator, Encoders.BINARY());
  }

  /** The parsed options of a literal options argument, or null: read from each row's options column. */
  private static BinaryOptions literal(String options) {
    return options == null ? null : BinaryOptions.parse(options);
  }

  /** A scalar function of one stored state. */
  private static UserDefinedFunction scalar(UDF1<byte[], ?> f, DataType result) {
    return functions.udf(f, result);
  }

  /** A scalar function of one stored state and an options string. */
  private static UserDefinedFunction scalar(UDF2<byte[], String, ?> f, DataType result) {
    return functions.udf(f, result);
  }

  /** Registers every SegEval function in the session's function registry. */
  public static void register(SparkSession spark) {
    var registry = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().functionRegistry();
    for (SqlFunction f : ALL) {
      registry.registerFunction(FunctionIdentifier.apply(f.name()), f.info(), f.builder());
    }
  }

  /** Injects every SegEval function into the sessions built with these extensions. */
  public static void inject(SparkSessionExtensions extensions) {
    for (SqlFunction f : ALL) {
      extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(f.name()), f.info(), f.builder()));
    }
  }
}
