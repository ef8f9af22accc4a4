package io.segeval.spark;

import io.segeval.core.RefusedArgumentException;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * The types an image argument ({@code pred}, {@code target}) may have: an array of numbers (one
 * image, flattened), or a null literal (refused row by row as a null image is). Any other type is a
 * bad query, refused while it is resolved in words that name the function, the argument and its
 * type, and say how to get an array of numbers; Spark's own refusal would name neither, or show
 * SegEval's conversions of the other argument ({@code size(1)}, {@code shown(bulkdoubles(...))}).
 * BINARY images (encoded files) are refused before, by their own message.
 */
final class ImageArgumentTypes {
  private ImageArgumentTypes() {}

  /**
   * @param function the SQL function's name
   * @param role {@code pred} or {@code target}
   * @param written the argument as the query wrote it
   */
  static void requireNumbers(String function, String role, String written, Expression e) {
    if (!e.resolved() || isNumbers(e.dataType())) {
      return;
    }
    DataType type = e.dataType();
    throw new RefusedArgumentException(function + ": " + role + (written.equals(role) ? "" : " (" + written + ")")
        + " must be an array of numbers (one image, flattened in C order), got " + type.sql() + how(type, written));
  }

  /** An array of numbers (or of nulls: an empty {@code array()}), or a null literal. */
  private static boolean isNumbers(DataType type) {
    return type instanceof NullType
        || type instanceof ArrayType a && (a.elementType() instanceof NumericType || a.elementType() instanceof NullType);
  }

  /** How to turn a value of this type into an array of numbers, where there is a usual way. */
  private static String how(DataType type, String written) {
    if (!(type instanceof ArrayType a)) {
      return "";
    }
    DataType element = a.elementType();
    if (element instanceof ArrayType) {
      // flatten joins the rows in order: (H, W) rows give the C-order array np.ravel() gives
      return "; an image kept as nested arrays (rows of pixels) is flattened with flatten(" + written
          + "), once per level: flatten(flatten(...)) for (C, H, W)";
    }
    if (element instanceof BooleanType) {
      return "; a mask of booleans is read as 0/1 with CAST(" + written + " AS ARRAY<INT>)";
    }
    if (element instanceof StringType) {
      return "; numbers kept as text are read with CAST(" + written + " AS ARRAY<DOUBLE>)";
    }
    return "";
  }
}
