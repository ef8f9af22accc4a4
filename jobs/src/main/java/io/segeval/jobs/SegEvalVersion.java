package io.segeval.jobs;

/** The version written into summary.json and the history table. */
public final class SegEvalVersion {
  private SegEvalVersion() {}

  public static final String VERSION = "0.1.0";
}
