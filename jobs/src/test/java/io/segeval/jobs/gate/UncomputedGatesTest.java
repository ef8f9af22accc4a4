package io.segeval.jobs.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.segeval.codec.PngMask;
import io.segeval.jobs.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate on a metric the run will not compute is a usage error (exit 2) before any work: the
 * inputs here do not even exist, so a run that started would fail on them (exit 1) instead.
 */
class UncomputedGatesTest {
  @TempDir Path tmp;

  private CliRun evaluate(String... more) {
    return CliRun.of(CliRun.concat(new String[] {"evaluate", "--pred", tmp.resolve("no-pred").toString(),
        "--target", tmp.resolve("no-mask").toString(), "--output", tmp.resolve("out").toString()}, more));
  }

  private void assertUsageError(String line, CliRun run) {
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("segeval: " + line, run.err().lines().findFirst().orElse(""), run.err());
    assertFalse(Files.exists(tmp.resolve("out")), "no output");
  }

  @Test
  void aGateOnTheDatasetWideLovaszNeedsLovaszGlobalOrBoth() {
    assertUsageError("--fail-over lovasz_hinge_loss: the dataset-wide Lovász loss is not computed with --lovasz"
        + " per-image; add --lovasz both (or global)", evaluate("--fail-over", "lovasz_hinge_loss=0.5"));
    assertUsageError("--fail-over lovasz_softmax_loss: the dataset-wide Lovász loss is not computed with --lovasz"
        + " per-image; add --lovasz both (or global)",
        evaluate("--task", "multiclass", "--num-classes", "3", "--fail-over", "lovasz_softmax_loss=0.5"));
  }

  @Test
  void aGateOnThePerImageLovaszMeanNeedsLovaszPerImageOrBoth() {
    assertUsageError("--fail-over per_image_mean.lovasz_hinge_loss: the per-image Lovász loss is not computed with"
        + " --lovasz global; add --lovasz both (or per-image)",
        evaluate("--lovasz", "global", "--fail-over", "dice_loss=0.5,per_image_mean.lovasz_hinge_loss=1"));
  }

  @Test
  void aConfigFileGoesThroughTheSameCheck() throws IOException {
    Path config = Files.writeString(tmp.resolve("nightly.properties"), "fail-under = dice=0.8\n"
        + "fail-over = bce=0.3,lovasz_hinge_loss=0.9\n");
    assertUsageError("--fail-over lovasz_hinge_loss: the dataset-wide Lovász loss is not computed with --lovasz"
        + " per-image; add --lovasz both (or global) (" + config + ": fail-over = 'bce=0.3,lovasz_hinge_loss=0.9')",
        evaluate("--config", config.toString()));
    // with the Lovász stage in the file the gates are fine, and the run starts (to fail on the missing inputs)
    Files.writeString(config, "lovasz = global\n", StandardOpenOption.APPEND);
    CliRun started = evaluate("--config", config.toString());
    assertEquals(1, started.exitCode(), started.err());
  }

  @Test
  void aGateOnALossOfScoresIsRefusedForLabelPredictions() throws IOException {
    assertUsageError("--fail-over bce: not computable from label predictions (they carry no scores); drop the gate,"
        + " or evaluate scores (--input logits or probabilities)",
        evaluate("--input", "labels", "--fail-over", "bce=0.2"));
    // labels found from the files (PNG predictions): refused once they are listed, before the evaluation
    for (String side : new String[] {"pred", "mask"}) {
      Files.createDirectories(tmp.resolve(side));
      Files.write(tmp.resolve(side).resolve("a.png"), PngMask.encodeGray8(1, 2, new byte[] {0, 1}));
    }
    CliRun run = CliRun.of("evaluate", "--pred", tmp.resolve("pred").toString(), "--target",
        tmp.resolve("mask").toString(), "--output", tmp.resolve("out").toString(), "--fail-over",
        "per_image_mean.lovasz_hinge_loss=1");
    assertUsageError("--fail-over per_image_mean.lovasz_hinge_loss: not computable from label predictions (they carry"
        + " no scores); drop the gate, or evaluate scores (--input logits or probabilities)", run);
  }
}
