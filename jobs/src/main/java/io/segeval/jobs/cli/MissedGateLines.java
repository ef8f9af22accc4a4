package io.segeval.jobs.cli;

import io.segeval.jobs.output.OutputDir;
import java.util.ArrayList;
import java.util.List;

/**
 * The stderr lines of the missed quality gates: one per gate and group, the first
 * {@link #SHOWN} of them, then one line counting the rest, which {@code summary.json} lists
 * (300 checkpoints missing the same gate are 20 lines and "... and 280 more missed gates").
 */
final class MissedGateLines {
  private MissedGateLines() {}

  /** The most missed gates shown one a line. */
  static final int SHOWN = 20;

  private static final String PREFIX = "segeval: quality gate failed: ";

  /** The lines of {@code missed} (the messages of {@code summary.json}'s {@code gates.missed}) of the run into {@code outputUri}. */
  static List<String> of(List<String> missed, String outputUri) {
    List<String> lines = new ArrayList<>();
    missed.stream().limit(SHOWN).forEach(m -> lines.add(PREFIX + m));
    if (missed.size() > SHOWN) {
      String summary = outputUri.replaceFirst("/+$", "") + "/" + OutputDir.SUMMARY;
      lines.add("segeval: ... and " + (missed.size() - SHOWN) + " more missed gates (all in " + summary + ")");
    }
    return lines;
  }
}
