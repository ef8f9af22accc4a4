package io.segeval.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An array of numbers as an array of non-null doubles, copied in one loop in the array's own
 * element type: no lambda interpreted per element, no element boxed (Spark's {@code transform}
 * does both, and its cast of an array to another element type boxes every element). The values
 * are those of {@code CAST(x AS DOUBLE)}, a byte read unsigned ({@code x & 255}).
 *
 * <p>Null when the array is null or holds a null element: the caller then takes the element-wise
 * conversion, which says which element ({@link NonNullArrays}). One call per row
 * ({@link CodegenFallback}: the loop is the work, not the call).
 */
final class BulkDoubles extends Expression implements CodegenFallback, Serializable {
  private static final long serialVersionUID = 1L;

  /** The element types copied in bulk. */
  enum Element {
    BYTE, SHORT, INT, LONG, FLOAT, DOUBLE;

    /** The element type of {@code type}, or null: not an array of one of these. */
    static Element of(DataType type) {
      if (!(type instanceof ArrayType a)) {
        return null;
      }
      DataType e = a.elementType();
      return e == DataTypes.ByteType ? BYTE : e == DataTypes.ShortType ? SHORT : e == DataTypes.IntegerType ? INT
          : e == DataTypes.LongType ? LONG : e == DataTypes.FloatType ? FLOAT : e == DataTypes.DoubleType ? DOUBLE
          : null;
    }
  }

  private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);

  private final Expression child;
  private final Element element;

  BulkDoubles(Expression child, Element element) {
    this.child = child;
    this.element = element;
  }

  @Override
  public Object eval(InternalRow input) {
    ArrayData array = (ArrayData) child.eval(input);
    if (array == null) {
      return null;
    }
    int n = array.numElements();
    for (int i = 0; i < n; i++) {
      if (array.isNullAt(i)) {
        return null;
      }
    }
    if (element == Element.DOUBLE && array instanceof UnsafeArrayData) {
      return array; // no null element: the same doubles, with no copy
    }
    return doubles(array, n);
  }

  /** The n values as doubles, each read in the element type (no element is null), written once. */
  private UnsafeArrayData doubles(ArrayData array, int n) {
    UnsafeArrayData out = UnsafeArrayData.createFreshArray(n, Double.BYTES);
    switch (element) {
      case BYTE -> {
        for (int i = 0; i < n; i++) {
          out.setDouble(i, array.getByte(i) & 255); // unsigned, as 8-bit masks are
        }
      }
      case SHORT -> {
        for (int i = 0; i < n; i++) {
          out.setDouble(i, array.getShort(i));
        }
      }
      case INT -> {
        for (int i = 0; i < n; i++) {
          out.setDouble(i, array.getInt(i));
        }
      }
      case LONG -> {
        for (int i = 0; i < n; i++) {
          out.setDouble(i, array.getLong(i));
        }
      }
      case FLOAT -> {
        for (int i = 0; i < n; i++) {
          out.setDouble(i, array.getFloat(i));
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          out.setDouble(i, array.getDouble(i));
        }
      }
    }
    return out;
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return CodegenFallback.super.doGenCode(ctx, ev);
  }

  @Override
  public Seq<Expression> children() {
    return CollectionConverters.asScala(List.of(child)).toList();
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new BulkDoubles(newChildren.apply(0), element);
  }

  @Override
  public DataType dataType() {
    return DOUBLES;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> child;
      case 1 -> element;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof BulkDoubles;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BulkDoubles b && child.equals(b.child) && element == b.element;
  }

  @Override
  public int hashCode() {
    return 31 * child.hashCode() + element.hashCode();
  }
}
