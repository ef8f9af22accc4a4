package io.segeval.spark;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedExtractValue;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.objects.Invoke;
import org.apache.spark.sql.catalyst.expressions.objects.UnresolvedMapObjects;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator$;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * An aggregate over images whose input bean's {@code double[]} fields are read from their
 * {@code array<double>} argument in one copy, not element by element. Spark's bean encoder
 * (4.1.3) deserializes a {@code double[]} field as {@code mapobjects(x -> assertnotnull(x), col).toDoubleArray()}
 * whatever the column's type: every element boxed into an Object[] and unboxed again (30% of
 * {@code seg_binary_metrics}' time, docs/performance.md). For an argument of non-null doubles
 * (what {@link NonNullArrays} hands the aggregates) that is {@code col.toDoubleArray()}: the same
 * values, a null array still null. This is Spark's own optimizer rule {@code EliminateMapObjects},
 * which never sees an aggregator's encoder. Any other argument keeps the bean encoder's reading.
 */
final class UnboxedArrayInputs {
  private UnboxedArrayInputs() {}

  private static final DataType NON_NULL_DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);
  private static final String TO_DOUBLE_ARRAY = "toDoubleArray";

  /** {@code a} over {@code children}, its input encoder reading each non-null double array in one copy. */
  static <I, B, O> ScalaAggregator<I, B, O> aggregate(UserDefinedAggregator<I, B, O> a, Seq<Expression> children) {
    ScalaAggregator<I, B, O> aggregate = ScalaAggregator$.MODULE$.apply(a, children);
    Set<String> fields = nonNullDoubleFields(aggregate.inputEncoder().schema(), CollectionConverters.asJava(children));
    if (fields.isEmpty()) {
      return aggregate;
    }
    try {
      return aggregate.copy(aggregate.children(), aggregate.agg(), unboxed(aggregate.inputEncoder(), fields),
          aggregate.bufferEncoder(), aggregate.nullable(), aggregate.isDeterministic(),
          aggregate.mutableAggBufferOffset(), aggregate.inputAggBufferOffset(), aggregate.aggregatorName());
    } catch (LinkageError e) {
      // another Spark build whose internal classes differ: the encoder's own (boxing) reading, same results
      return aggregate;
    }
  }

  /** The bean's fields (bound to the arguments by position) whose argument is a resolved array<double> of non-null elements. */
  private static Set<String> nonNullDoubleFields(StructType bean, List<Expression> arguments) {
    Set<String> fields = new HashSet<>();
    for (int i = 0; i < Math.min(bean.fields().length, arguments.size()); i++) {
      Expression argument = arguments.get(i);
      if (argument.resolved() && argument.dataType().equals(NON_NULL_DOUBLES)
          && bean.fields()[i].dataType().equals(NON_NULL_DOUBLES)) {
        fields.add(bean.fields()[i].name());
      }
    }
    return fields;
  }

  /** {@code encoder} with {@code mapobjects(..., field).toDoubleArray()} read as {@code field.toDoubleArray()} for {@code fields}. */
  private static <T> ExpressionEncoder<T> unboxed(ExpressionEncoder<T> encoder, Set<String> fields) {
    Expression deserializer = encoder.objDeserializer().transformUp(new AbstractPartialFunction<>() {
      @Override
      public boolean isDefinedAt(Expression e) {
        return e instanceof Invoke invoke && invoke.functionName().equals(TO_DOUBLE_ARRAY)
            && invoke.arguments().isEmpty()
            && invoke.targetObject() instanceof UnresolvedMapObjects map && map.customCollectionCls().isEmpty()
            && fields.contains(fieldName(map.child()));
      }

      @Override
      public Expression apply(Expression e) {
        Expression field = ((UnresolvedMapObjects) ((Invoke) e).targetObject()).child();
        return e.withNewChildren(CollectionConverters.asScala(List.of(field)).toList());
      }
    });
    return encoder.copy(encoder.encoder(), encoder.objSerializer(), deserializer);
  }

  /** The bean field that {@code path} reads ({@code input.pred}, or {@code 'pred}), or null. */
  private static String fieldName(Expression path) {
    if (path instanceof UnresolvedExtractValue v && v.extraction() instanceof Literal name && name.value() != null) {
      return name.value().toString();
    }
    return path instanceof UnresolvedAttribute a ? a.name() : null;
  }
}
