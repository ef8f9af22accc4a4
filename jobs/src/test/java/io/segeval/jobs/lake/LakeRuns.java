package io.segeval.jobs.lake;

import static io.segeval.testing.ReferenceData.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.jobs.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Command-line runs of the lake workflows in the shared test session, and JSON comparisons. */
final class LakeRuns {
  private LakeRuns() {}

  /** A run that must exit with {@code code}. */
  static CliRun expect(int code, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(code, run.exitCode(), "exit status of " + String.join(" ", args) + "\n" + run.err() + run.out());
    return run;
  }

  /** {@code segeval pack}; returns the table path. */
  static Path pack(Path data, Path table, String... more) {
    List<String> args = new ArrayList<>(List.of("pack", "--pred", data.resolve("pred").toString(),
        "--target", data.resolve("mask").toString(), "--output", table.toString()));
    args.addAll(List.of(more));
    expect(0, args.toArray(new String[0]));
    return table;
  }

  /**
   * Every number of {@code expected} (recursively: objects, arrays) equals the same field of
   * {@code actual} within {@code tol} relative; nulls must match.
   */
  static void assertSameValues(JsonNode expected, JsonNode actual, double tol, String where) {
    if (expected == null || expected.isNull()) {
      assertTrue(actual == null || actual.isNull(), where + ": expected null, got " + actual);
      return;
    }
    assertTrue(actual != null && !actual.isNull(), where + ": missing (expected " + expected + ")");
    if (expected.isNumber()) {
      assertClose(expected.asDouble(), actual.asDouble(), tol, where);
    } else if (expected.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertSameValues(e.getValue(), actual.get(e.getKey()), tol, where + "." + e.getKey());
      }
    } else if (expected.isArray()) {
      assertEquals(expected.size(), actual.size(), where);
      for (int i = 0; i < expected.size(); i++) {
        assertSameValues(expected.get(i), actual.get(i), tol, where + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, where);
    }
  }

  /** The item of {@code summary.groups} whose key has these values (name, value, name, value...). */
  static JsonNode group(JsonNode summary, String... keyValues) {
    for (JsonNode g : summary.get("groups")) {
      boolean all = true;
      for (int i = 0; i < keyValues.length; i += 2) {
        all &= keyValues[i + 1].equals(g.get("key").get(keyValues[i]).asText());
      }
      if (all) {
        return g;
      }
    }
    throw new AssertionError("no group " + String.join(",", keyValues) + " in " + summary.get("groups"));
  }
}
