package io.segeval.jobs.input;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.KnownNotContainsNull;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;

/**
 * A table's array cells as the pairs' Java arrays and the index of their first null element, in
 * generated code: no lambda is interpreted per element and no element is boxed (Spark runs
 * higher-order functions such as {@code transform} element by element in the interpreter and keeps
 * the projection that holds one out of whole-stage code generation, which then copies every row,
 * arrays and all, once more; its cast of an array to another element type boxes every element.
 * Over two 512×512 arrays per image each of these cost about as much as the metrics).
 *
 * <p>Double, float and int arrays are kept in their own type ({@code predValues},
 * {@code predFloats}, {@code predInts}), which Spark copies into the Java array in bulk; the
 * decoder widens floats and ints to doubles ({@link ImageDecoder}). Other numbers (short, long,
 * decimal) are cast to doubles, and byte arrays, read unsigned (0–255), which a cast cannot do,
 * keep the element-wise {@code transform} (and the copy of the rows).
 *
 * <p>Arrays read from Parquet may hold nulls by their type, and Spark decodes such an array into a
 * Java array only by boxing every element. A null element makes its row a bad record
 * ({@link #firstNullIndex}) before its values are used, so the cells are declared free of nulls
 * ({@link KnownNotContainsNull}, as Spark's own {@code array_compact} does); a null element's
 * slot then holds an unspecified number that nothing reads.
 */
final class ArrayCells {
  private ArrayCells() {}

  private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, true);

  /** The pair's property of one side's array (e.g. {@code predInts}) and the column that fills it. */
  static void put(Map<String, Column> columns, String side, Column cell, ArrayType type) {
    DataType e = type.elementType();
    if (e instanceof ByteType) {
      // x & 255 as a double; a null element becomes NaN (its row is refused by its null index)
      columns.put(side + "Values", transform(cell, x -> coalesce(
          x.cast(DataTypes.IntegerType).bitwiseAND(255).cast(DataTypes.DoubleType), lit(Double.NaN))));
    } else if (e instanceof IntegerType) {
      columns.put(side + "Ints", withoutNulls(cell));
    } else if (e instanceof FloatType) {
      columns.put(side + "Floats", withoutNulls(cell));
    } else {
      columns.put(side + "Values", withoutNulls(e instanceof DoubleType ? cell : cell.cast(DOUBLES)));
    }
  }

  /** {@code cell} declared to hold no null element. */
  private static Column withoutNulls(Column cell) {
    return ExpressionUtils.column(new KnownNotContainsNull(ExpressionUtils.expression(cell)));
  }

  /**
   * The 0-based index of the cell's first null element, or null (no null, a null cell, a binary
   * cell); the decoder refuses the row with the element's position in the image. Decided by one
   * generated scan, {@code array_contains(cell, absent)}, which is false exactly when the cell
   * holds neither a null nor {@link #absent}; only a cell with a null, or holding that value
   * itself, is searched ({@link #searched}), so the answer is exact for every cell.
   */
  static Column firstNullIndex(String name, DataType type) {
    if (!(type instanceof ArrayType a && a.containsNull())) {
      return lit(null).cast(DataTypes.IntegerType);
    }
    Column cell = col(name);
    DataType e = a.elementType();
    Column noNull = e instanceof IntegerType || e instanceof FloatType || e instanceof DoubleType
        ? array_contains(cell, absent(e)).equalTo(false)
        : array_contains(cell.cast(DOUBLES), absent(DataTypes.DoubleType)).equalTo(false);
    return when(noNull, lit(null)).otherwise(searched(cell)).cast(DataTypes.IntegerType);
  }

  /**
   * The index of the cell's first null element, or null, with functions Spark generates code for
   * (a lambda such as {@code x -> x IS NULL} would take the whole projection of the rows, arrays
   * and all, out of generated code, into a copy of every row): the elements as text joined by
   * commas with a null as {@code \0}, then, if there is one, the commas before the first
   * {@code \0} counted. No number's text holds either character. Slow, but only for a cell that
   * may hold a null.
   */
  private static Column searched(Column cell) {
    Column joined = array_join(cell.cast(DataTypes.createArrayType(DataTypes.StringType)), ",", "\u0000");
    Column index = size(split(substring_index(joined, "\u0000", 1), ",")).minus(1);
    return when(joined.contains("\u0000"), index); // null for a null cell too
  }

  /**
   * A value of the element type that real images practically never hold, so that the null test
   * stays one scan: the negative number nearest zero of a float or a double (below every float,
   * so no widened float or integer equals the double one), the least int.
   */
  static Column absent(DataType element) {
    if (element instanceof IntegerType) {
      return lit(Integer.MIN_VALUE);
    }
    return element instanceof FloatType ? lit(-Float.MIN_VALUE) : lit(-Double.MIN_VALUE);
  }
}
