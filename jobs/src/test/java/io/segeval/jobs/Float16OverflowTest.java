package io.segeval.jobs;

import static io.segeval.testing.ReferenceData.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.segeval.core.BadPredictionValueException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An infinite logit read from a float16 NPY (numpy-written, test resources float16_overflow/) is
 * refused with its cause, an overflow past float16's ±65504, and the fix; NaN in float16 and an
 * infinity in float32 are refused without it. Folders and --table NPY bytes, binary and multiclass.
 */
class Float16OverflowTest {
  private static final String HINT = BadPredictionValueException.FLOAT16_OVERFLOW_HINT;
  private static final Path BINARY = resource("float16_overflow/binary");

  @TempDir Path tmp;

  @Test
  void theHintIsSaidOfTheFloat16InfinitiesAloneAndTheyAreCountedTogether() {
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("evaluate", "--pred", BINARY.resolve("pred").toString(), "--target",
        BINARY.resolve("mask").toString(), "--output", out.toString(), "--on-bad-record", "skip");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode rejected = CliRun.summary(out).get("rejected");
    assertEquals("{\"non-finite prediction # at (row #, col #)\":2,"
        + "\"non-finite prediction # at (row #, col #)" + HINT + "\":2}", rejected.get("by_reason").toString());
    Map<String, String> reasons = reasons(rejected);
    assertEquals("non-finite prediction Infinity at (row 1, col 2)" + HINT, reasons.get("overflow"));
    assertEquals("non-finite prediction -Infinity at (row 0, col 1)" + HINT, reasons.get("overflow_negative"));
    assertEquals("non-finite prediction NaN at (row 1, col 0)", reasons.get("nan"));
    assertEquals("non-finite prediction Infinity at (row 0, col 2)", reasons.get("inf_float32"));
    assertEquals(1, CliRun.summary(out).get("images").asLong());
  }

  @Test
  void aTableOfPackedNpyBytesGivesTheHintToo() {
    Path table = tmp.resolve("table");
    assertEquals(0, CliRun.of("pack", "--pred", BINARY.resolve("pred").toString(), "--target",
        BINARY.resolve("mask").toString(), "--output", table.toString()).exitCode());
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("evaluate", "--table", table.toString(), "--output", out.toString(),
        "--on-bad-record", "skip");
    assertEquals(0, run.exitCode(), run.err());
    Map<String, String> reasons = reasons(CliRun.summary(out).get("rejected"));
    assertEquals("non-finite prediction Infinity at (row 1, col 2)" + HINT, reasons.get("overflow"));
    assertEquals("non-finite prediction NaN at (row 1, col 0)", reasons.get("nan"));
  }

  @Test
  void aMulticlassInfinityFromFloat16FailsTheRunWithTheHint() {
    Path data = resource("float16_overflow/multiclass");
    CliRun run = CliRun.of("evaluate", "--task", "multiclass", "--num-classes", "3", "--pred",
        data.resolve("pred").toString(), "--target", data.resolve("mask").toString(), "--output",
        tmp.resolve("out").toString());
    assertEquals(1, run.exitCode(), run.err());
    String line = run.err().lines().findFirst().orElse("");
    assertTrue(line.contains("overflow.npy): prediction Infinity at (channel 2, row 1, col 0) is not finite" + HINT),
        run.err());
  }

  private static Map<String, String> reasons(JsonNode rejected) {
    Map<String, String> byId = new HashMap<>();
    rejected.get("items").forEach(i -> byId.put(i.get("image_id").asText(), i.get("reason").asText()));
    return byId;
  }
}
