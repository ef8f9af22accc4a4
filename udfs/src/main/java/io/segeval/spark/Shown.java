package io.segeval.spark;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.package$;
import org.apache.spark.sql.types.DataType;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An argument that {@link NonNullArrays} converted, shown as the caller wrote it. Spark names an
 * unaliased column by the SQL of its expression: without this wrapper
 * {@code SELECT seg_binary_metrics(pred, target) FROM t} over a Parquet table would be a column
 * named by the conversion ({@code seg_binary_metrics(transform(pred, lambdafunction(... i#7 ...)))},
 * with expression ids that change from query to query). Evaluates as its child; only its SQL text
 * is the original argument's ({@code pred}), so the column is {@code seg_binary_metrics(pred, target)}.
 * (An Expression, not a UnaryExpression: javac cannot see the latter's final bridge of
 * withNewChildrenInternal.)
 */
final class ShownArgument extends Expression implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Expression child;
  private final String shown;

  ShownArgument(Expression child, String shown) {
    this.child = child;
    this.shown = shown;
  }

  /** {@code converted}, shown as {@code original} (its pretty SQL, as Spark names columns). */
  static Expression of(Expression converted, Expression original) {
    return new ShownArgument(converted, package$.MODULE$.toPrettySQL(original, package$.MODULE$.toPrettySQL$default$2()));
  }

  @Override
  public Seq<Expression> children() {
    return CollectionConverters.asScala(java.util.List.of(child)).toList();
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new ShownArgument(newChildren.apply(0), shown);
  }

  @Override
  public boolean foldable() {
    return child.foldable();
  }

  @Override
  public String sql() {
    return shown;
  }

  @Override
  public DataType dataType() {
    return child.dataType();
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public Object eval(InternalRow input) {
    return child.eval(input);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    return child.genCode(ctx);
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> child;
      case 1 -> shown;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof ShownArgument;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShownArgument s && child.equals(s.child) && shown.equals(s.shown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, shown);
  }
}
