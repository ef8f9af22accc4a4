package io.segeval.core;

/**
 * The mergeable state of an evaluation (binary, multiclass) as the job's shared steps read it: how
 * many images it holds.
 */
public interface EvaluationState {
  /** The images evaluated into this state. */
  long images();
}
