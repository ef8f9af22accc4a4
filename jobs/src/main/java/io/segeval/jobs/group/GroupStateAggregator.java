package io.segeval.jobs.group;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Merges a task's map-stage rows into one state per {@code --group-by} group
 * ({@link Groups#aggregate}): the task gives the zero, how a row enters a state and how two states
 * merge; the state is its own buffer and result, Java-serialized between the executors and the
 * driver.
 *
 * @param <R> the map stage's row bean
 * @param <S> the task's mergeable state
 */
public abstract class GroupStateAggregator<R, S> extends Aggregator<R, S, S> {
  private static final long serialVersionUID = 1L;

  private final Class<S> stateClass;

  protected GroupStateAggregator(Class<S> stateClass) {
    this.stateClass = stateClass;
  }

  @Override
  public final S finish(S state) {
    return state;
  }

  @Override
  public final Encoder<S> bufferEncoder() {
    return Encoders.javaSerialization(stateClass);
  }

  @Override
  public final Encoder<S> outputEncoder() {
    return Encoders.javaSerialization(stateClass);
  }
}
