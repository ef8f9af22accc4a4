package io.segeval.jobs.gate;

import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.gate.QualityGates.Gate;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the class of every per-class gate ({@code per_class.iou.person}) to its id before the
 * run: a {@code --class-names} name, else an id in [0, C). A class that is neither is refused,
 * naming the gate and the classes there are.
 */
final class GateClasses {
  private GateClasses() {}

  /** {@code gates} in their order, each per-class one with its class id; the others as they are. */
  static List<Gate> resolve(List<Gate> gates, int numClasses, List<String> classNames) {
    List<Gate> resolved = new ArrayList<>();
    for (Gate gate : gates) {
      resolved.add(gate.perClass() == null ? gate : new Gate(gate.metric(), gate.direction(), gate.limit(),
          gate.perClass(), gate.className(), classId(gate, numClasses, classNames)));
    }
    return resolved;
  }

  private static int classId(Gate gate, int numClasses, List<String> classNames) {
    int id = classNames == null ? -1 : classNames.indexOf(gate.className());
    if (id < 0 && gate.className().matches("[0-9]{1,9}") && Integer.parseInt(gate.className()) < numClasses) {
      id = Integer.parseInt(gate.className());
    }
    if (id < 0) {
      throw new UsageException(gate.named() + ": no class '" + gate.className() + "': give a class id in [0, "
          + numClasses + ")" + (classNames == null ? " (or name the classes with --class-names)"
              : " or one of the --class-names (" + String.join(", ", classNames) + ")"));
    }
    return id;
  }
}
