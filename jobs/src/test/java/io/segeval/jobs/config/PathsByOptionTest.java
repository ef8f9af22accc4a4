package io.segeval.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.jobs.config.PathsByOption.PathOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathsByOptionTest {
  @Test
  void labelsEachPathWithItsOptionInTheOrderAddedAndKeepsARepeatOnce() {
    PathsByOption paths = new PathsByOption()
        .addAll(PathOption.PRED, List.of("/p/a", "/p/b", "/p/a"))
        .add(PathOption.TARGET, "/t")
        .add(PathOption.HISTORY, "/h");
    assertEquals(List.of(
        Map.entry("--pred /p/a", "/p/a"),
        Map.entry("--pred /p/b", "/p/b"),
        Map.entry("--target /t", "/t"),
        Map.entry("--history /h", "/h")), List.copyOf(paths.toMap().entrySet()));
  }

  @Test
  void extendsPathsLabelledAlreadyAndHandsOutCopies() {
    PathsByOption paths = new PathsByOption(Map.of("--table lake.t", "lake.t"));
    Map<String, String> before = paths.toMap();
    paths.add(PathOption.TABLE, "lake.t").add(PathOption.OUTPUT, "/out");
    assertEquals(Map.of("--table lake.t", "lake.t"), before);
    assertEquals(List.of(Map.entry("--table lake.t", "lake.t"), Map.entry("--output /out", "/out")),
        List.copyOf(paths.toMap().entrySet()));
  }
}
