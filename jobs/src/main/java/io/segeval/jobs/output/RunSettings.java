package io.segeval.jobs.output;

import io.segeval.jobs.config.EvalConfig;
import java.util.List;
import java.util.Map;

/**
 * What a run was asked, as the head of {@code summary.json} says it: the task, the predictions'
 * input kind, the multiclass settings (null for binary), the parameters and the Lovász mode.
 */
public record RunSettings(String task, String input, Integer numClasses, Integer ignoreIndex, List<String> classNames,
    Map<String, ?> params, String lovasz) {

  public static RunSettings binary(String input, Map<String, ?> params, String lovasz) {
    return new RunSettings(EvalConfig.Task.BINARY.key(), input, null, null, null, params, lovasz);
  }

  /** @param classNames null without {@code --class-names} */
  public static RunSettings multiclass(String input, int numClasses, int ignoreIndex, List<String> classNames,
      Map<String, ?> params, String lovasz) {
    return new RunSettings(EvalConfig.Task.MULTICLASS.key(), input, numClasses, ignoreIndex, classNames, params, lovasz);
  }
}
