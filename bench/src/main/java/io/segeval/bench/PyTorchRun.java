package io.segeval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/pytorch_losses.py} (the blog's PyTorch formulas) over the same files, as
 * {@code workers} processes side by side on disjoint shards, and merges their sums.
 */
final class PyTorchRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The merged result: wall time (interpreter and torch import included), the slowest worker's
   * compute time (without them), the workers' CPU seconds of computing, the values.
   */
  record Result(double wallSeconds, double computeSeconds, double cpuSeconds, long pixels, long maxRssKb, int threads,
      double dice, double iou, double bce, double focal, double lovaszMean, long tp, long fp) {
    String describe() {
      return String.format(Locale.ROOT, "dice %.6f  iou %.6f  bce %.6f  focal %.6f  tp %d  fp %d  lovasz(per-image mean) %.6f",
          dice, iou, bce, focal, tp, fp, lovaszMean);
    }
  }

  private PyTorchRun() {}

  /** The first of the candidates whose Python imports torch, numpy and PIL, or null. */
  static String findPython(List<String> candidates) {
    for (String python : candidates) {
      try {
        Process p = new ProcessBuilder(python, "-c", "import torch, numpy, PIL").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
      } catch (IOException e) {
        // not installed: try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  static Result run(String python, Path script, Path predDir, Path maskDir, int workers)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      processes.add(new ProcessBuilder(python, script.toString(), predDir.toString(), maskDir.toString(),
          "--shard", i + "/" + workers).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    List<JsonNode> outputs = new ArrayList<>();
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException(script + " failed with exit code " + p.exitValue());
      }
      outputs.add(JSON.readTree(out.strip()));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double compute = 0;
    double cpu = 0;
    long pixels = 0;
    long rss = 0;
    double[] s = new double[9];
    long tp = 0;
    long fp = 0;
    for (JsonNode o : outputs) {
      compute = Math.max(compute, o.get("seconds").asDouble());
      cpu += o.get("cpu_seconds").asDouble();
      pixels += o.get("pixels").asLong();
      rss = Math.max(rss, o.get("maxrss_kb").asLong());
      JsonNode sums = o.get("sums");
      String[] keys = {"I", "P", "T", "iou_i", "iou_u", "B", "F", "lovasz_sum"};
      for (int k = 0; k < keys.length; k++) {
        s[k] += sums.get(keys[k]).asDouble();
      }
      s[8] += o.get("images").asLong();
      tp += o.get("tp").asLong();
      fp += o.get("fp").asLong();
    }
    double n = pixels;
    return new Result(wall, compute, cpu, pixels, rss, outputs.get(0).get("threads").asInt(),
        (2 * s[0] + 1) / (s[1] + s[2] + 1), (s[3] + 1) / (s[4] + 1), s[5] / n, s[6] / n, s[7] / s[8], tp, fp);
  }
}
