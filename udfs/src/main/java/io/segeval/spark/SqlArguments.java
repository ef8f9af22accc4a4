package io.segeval.spark;

import static io.segeval.spark.SegEvalFunctions.BINARY_METRICS_WITH;
import static io.segeval.spark.SegEvalFunctions.MULTICLASS_METRICS;

import io.segeval.core.InputKind;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.spark.SegEvalFunctions.Takes;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StringType;
import scala.collection.immutable.Seq;

/**
 * The checks of one SQL function's arguments while its call is resolved
 * ({@link SegEvalFunctions.SqlFunction#build}): an argument of the wrong type, or a literal out of
 * range, is a bad query even over no rows, refused in SegEval's words naming the function rather
 * than by a cast or a ClassCastException at run time.
 */
final class SqlArguments {
  private final String name;
  private final Takes takes;

  SqlArguments(String name, Takes takes) {
    this.name = name;
    this.takes = takes;
  }

  /**
   * Refuses what {@code args} cannot be for this function and returns the options argument when
   * it is a literal, checked ({@link #literalOptions}); null for states, a column of options or
   * no options.
   */
  String check(Seq<Expression> args) {
    if (takes == Takes.STATES) {
      refuseStatesOfOtherTypes(args);
      refuseBadResultOptions(args);
      return null;
    }
    if (takes == Takes.MULTICLASS_IMAGES) {
      refuseFractionalClassCount(args);
      refuseLiteralClassCountOutOfRange(args);
    }
    refuseEncodedImages(args);
    for (int i = 0; i < 2; i++) {
      ImageArgumentTypes.requireNumbers(name, i == 0 ? "pred" : "target", written(args.apply(i)), args.apply(i));
    }
    String literalOptions = literalOptions(args);
    refuseIntegerScores(args, literalOptions);
    return literalOptions;
  }

  /**
   * Images are flattened arrays. A BINARY image is most likely encoded files (the NPY/PNG bytes
   * of segeval pack's default layout), which Spark's type mismatch does not say.
   */
  private void refuseEncodedImages(Seq<Expression> args) {
    for (int i = 0; i < Math.min(2, args.size()); i++) {
      Expression e = args.apply(i);
      if (e.resolved() && e.dataType() instanceof BinaryType) {
        String role = i == 0 ? "pred" : "target";
        String given = written(e);
        throw new RefusedArgumentException(name + ": " + role + (given.equals(role) ? "" : " (" + given + ")")
            + " is BINARY, encoded image files such as the NPY/PNG bytes that segeval pack writes by default;"
            + " the SQL functions take flattened arrays (a table from segeval pack --as-arrays), and a table"
            + " of file bytes is for segeval evaluate --table");
      }
    }
  }

  /**
   * A state is a BINARY blob. Spark would hand the finalizers another type's Java value (a bare
   * ClassCastException at run time) and cast a STRING to its UTF-8 bytes for the merges, so a
   * wrong column is a bad query, refused while it is resolved.
   */
  private void refuseStatesOfOtherTypes(Seq<Expression> args) {
    Expression state = args.apply(0);
    if (state.resolved() && !(state.dataType() instanceof BinaryType || state.dataType() instanceof NullType)) {
      throw new RefusedArgumentException(name + ": state must be BINARY (a state that seg_binary_state or"
          + " seg_multiclass_state made), got " + written(state) + " (" + state.dataType().sql() + "); a state kept as"
          + " text is read back with unbase64(state) or unhex(state)");
    }
  }

  /**
   * The result options after a state (seg_binary_result's second argument) are a STRING, and a
   * literal one is checked while the query is resolved, as the image functions' options are: a
   * parameter that entered the sums (threshold, ...) is a bad query even over no rows.
   */
  private void refuseBadResultOptions(Seq<Expression> args) {
    if (args.size() < 2 || !args.apply(1).resolved()) {
      return;
    }
    Expression o = args.apply(1);
    if (!(o.dataType() instanceof StringType || o.dataType() instanceof NullType)) {
      throw new RefusedArgumentException(name + ": options must be a STRING 'key=value,...', got " + written(o)
          + " (" + o.dataType().sql() + ")");
    }
    if (!isLiteral(o)) {
      return;
    }
    Object value = o.eval(null);
    try {
      BinaryParams.DEFAULTS.withResultParams(value == null ? null : value.toString()); // the ranges need no state
    } catch (RefusedArgumentException e) {
      throw new RefusedArgumentException(name + ": " + e.getMessage());
    }
  }

  /** An argument as the query wrote it: a column's name, or the expression's SQL. */
  static String written(Expression e) {
    return e instanceof NamedExpression column ? column.name() : e.sql();
  }

  /**
   * num_classes is a whole number: Spark would cast 2.7 or '2.7' to the int 2 silently, and
   * evaluate with another C than the caller meant.
   */
  private void refuseFractionalClassCount(Seq<Expression> args) {
    Expression c = args.apply(2);
    if (c.resolved() && !(c.dataType() instanceof IntegralType || c.dataType() instanceof NullType)) {
      throw new RefusedArgumentException(name + ": num_classes must be an integer, got " + c.sql() + " ("
          + c.dataType().sql() + ")");
    }
  }

  /**
   * A literal num_classes (the usual case) is checked when the query is resolved, as a literal
   * options argument is: null or outside [2, MAX_CLASSES] is a bad query even over no rows (which
   * would otherwise give a result), and a bigint literal beyond int is refused in these words, not
   * by Spark's cast of it to int.
   */
  private void refuseLiteralClassCountOutOfRange(Seq<Expression> args) {
    Expression c = args.apply(2);
    if (!isLiteral(c)) {
      return;
    }
    Object value = c.eval(null);
    try {
      if (value == null) {
        throw new RefusedArgumentException(MulticlassCountsAggregator.NULL_CLASS_COUNT);
      }
      MulticlassParams.requireClassCount(((Number) value).longValue());
    } catch (RefusedArgumentException e) {
      throw new RefusedArgumentException(name + ": " + e.getMessage());
    }
  }

  /** Where the options argument is: after pred, target (and num_classes). */
  private int optionsPosition() {
    return takes == Takes.MULTICLASS_IMAGES ? 3 : 2;
  }

  /**
   * The options argument when it is a literal (foldable), checked while the query is resolved: a
   * bad option is a bad query even over no rows, and an aggregate over no rows has the options'
   * parameters, not the defaults. Null for a column of options (read row by row) or no options.
   */
  private String literalOptions(Seq<Expression> args) {
    if (args.size() <= optionsPosition()) {
      return null;
    }
    Expression o = args.apply(optionsPosition());
    if (!isLiteral(o)) {
      return null;
    }
    Object value = o.eval(null);
    String options = value == null ? null : value.toString();
    try {
      inputOf(options);
    } catch (RefusedArgumentException e) {
      throw new RefusedArgumentException(name + ": " + e.getMessage());
    }
    return options;
  }

  private static boolean isLiteral(Expression e) {
    return e.resolved() && e.foldable();
  }

  /** The input kind that parsed options say (their other values checked too). */
  private InputKind inputOf(String options) {
    if (takes != Takes.MULTICLASS_IMAGES) {
      return BinaryOptions.parse(options).input(); // its parser checks the ranges
    }
    MulticlassOptions parsed = MulticlassOptions.parse(options);
    // the parser reads numbers only; the parameters check their ranges (smooth), none of which depends on C
    parsed.params(MulticlassCountsAggregator.UNBOUND.numClasses());
    return parsed.input();
  }

  /**
   * Integer predictions are labels (a PNG prediction, an integer NPY; what pack --as-arrays
   * writes as array of int), as the job reads them. Read as logits they would be wrong without a
   * word: sigmoid(0) = 0.5, so every pixel of a 0/1 mask would be a positive. They are taken
   * only with a literal options argument that says what they hold (not logits).
   */
  private void refuseIntegerScores(Seq<Expression> args, String literalOptions) {
    Expression pred = args.apply(0);
    if (!(pred.resolved() && pred.dataType() instanceof ArrayType a && a.elementType() instanceof IntegralType)) {
      return;
    }
    boolean column = args.size() > optionsPosition() && !isLiteral(args.apply(optionsPosition()));
    if (!column && inputOf(literalOptions) != InputKind.LOGITS) {
      return;
    }
    String said = column ? " (the options are a column here: say it in a literal)" : "";
    String how = takes == Takes.MULTICLASS_IMAGES
        ? "a label map (one class id per pixel), not C scores per pixel; say 'input=labels': " + MULTICLASS_METRICS
            + "(pred, target, num_classes, 'input=labels')"
        : "read as logits a 0 would be sigmoid(0) = 0.5, a positive; for a hard 0/1 (or 0/255) mask say 'input=labels': "
            + BINARY_METRICS_WITH + "(pred, target, 'input=labels'), the metrics of segeval evaluate --input labels";
    throw new RefusedArgumentException(name + ": pred holds integers (" + pred.dataType().sql()
        + "), labels rather than logits: " + how + said);
  }
}
