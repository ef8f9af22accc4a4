package io.segeval.spark;

import java.io.Serializable;
import java.util.List;
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
 * An expression that evaluates as its child but is shown (in column names and SQL text) as the
 * caller wrote the call. Spark names an unaliased column by the SQL of its expression; without
 * this, over a Parquet table {@code SELECT seg_binary_metrics(pred, target) FROM t} would be named
 * by the null-element conversion of {@link NonNullArrays}
 * ({@code seg_binary_metrics(transform(pred, lambdafunction(... i#7 ...)))}), and
 * {@code seg_binary_result(seg_binary_state_merge(state))} by the aggregator's fields
 * ({@code ...BinaryStateMergeAggregator@2ba5aa7a, class[value[0]: binary], ...}), with ids and
 * hashes that change from query to query. Shown, they are {@code seg_binary_metrics(pred, target)}
 * and {@code seg_binary_result(seg_binary_state_merge(state))}.
 * (An Expression, not a UnaryExpression: javac cannot see the latter's final bridge of
 * withNewChildrenInternal.)
 */
final class Shown extends Expression implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Expression child;
  private final String shown;

  Shown(Expression child, String shown) {
    this.child = child;
    this.shown = shown;
  }

  /** A converted argument, shown as the {@code original} one. */
  static Expression argument(Expression converted, Expression original) {
    return new Shown(converted, pretty(original));
  }

  /** The expression of a call of function {@code name}, shown as {@code name(args)}. */
  static Expression call(String name, Expression call, Seq<Expression> args) {
    return new Shown(call, name + "(" + String.join(", ",
        CollectionConverters.asJava(args).stream().map(Shown::pretty).toList()) + ")");
  }

  /** An expression's SQL text as Spark names columns by it. */
  private static String pretty(Expression e) {
    return package$.MODULE$.toPrettySQL(e, package$.MODULE$.toPrettySQL$default$2());
  }

  @Override
  public Seq<Expression> children() {
    return CollectionConverters.asScala(List.of(child)).toList();
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new Shown(newChildren.apply(0), shown);
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
    return other instanceof Shown;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Shown s && child.equals(s.child) && shown.equals(s.shown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, shown);
  }
}
