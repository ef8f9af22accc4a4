package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.codec.NpyTestWriter;
import io.segeval.codec.PngMask;
import io.segeval.jobs.output.NonFiniteResultException;
import io.segeval.jobs.output.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * null in summary.json means "not computed" or "undefined"; a value computed from finite inputs
 * that comes out NaN or infinite is a numerical fault, and stops the run naming it instead.
 */
class NonFiniteResultsTest {
  @TempDir Path tmp;

  /**
   * Three 1-pixel images, logit −6e307 against target 1: each image's BCE is max(x, 0) − x·t +
   * log1p(exp(−|x|)) = 6e307 (its focal term 0.8 of that), finite, but the dataset's sum
   * B = 1.8e308 overflows (and its compensated sum, Infinity plus a compensation of −Infinity,
   * is NaN).
   */
  @Test
  void aDatasetSumThatOverflowsFailsTheRunNamingTheMetric() throws IOException {
    for (String id : new String[] {"a", "b", "c"}) {
      Files.createDirectories(tmp.resolve("pred"));
      Files.createDirectories(tmp.resolve("mask"));
      Files.write(tmp.resolve("pred").resolve(id + ".npy"), NpyTestWriter.encodeFloat64(new int[] {1, 1}, new double[] {-6e307}));
      Files.write(tmp.resolve("mask").resolve(id + ".png"), PngMask.encodeGray8(1, 1, new byte[] {1}));
    }
    CliRun run = CliRun.of("evaluate", "--pred", tmp.resolve("pred").toString(), "--target",
        tmp.resolve("mask").toString(), "--output", tmp.resolve("out").toString());
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("segeval: dataset.bce is NaN although every image's values were finite: a dataset-wide sum"
        + " overflowed (values near 1.8e308); SegEval does not write it as null, which means not computed",
        run.err().lines().findFirst().orElse(""));
    assertFalse(Files.exists(tmp.resolve("out")), "no output after a failure");
  }

  @Test
  void nullStaysNullAndANonFiniteValueIsNamedWhereverItIs() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("miou", null);
    values.put("aacc", 0.5);
    assertEquals(values, Summary.ordered("dataset", values));
    assertNull(Summary.ordered("dataset", values).get("miou"));
    Map<String, Object> perClass = Map.of("iou", new Double[] {0.5, null, Double.POSITIVE_INFINITY});
    NonFiniteResultException e = assertThrows(NonFiniteResultException.class,
        () -> Summary.ordered("group {model=unet-v3} per_class", perClass));
    assertEquals("group {model=unet-v3} per_class.iou[2] is Infinity although", e.getMessage().substring(0, 59));
  }
}
