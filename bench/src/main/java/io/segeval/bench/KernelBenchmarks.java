package io.segeval.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The entry point of {@code bench/target/benchmarks.jar}: JMH's own command line (any JMH option:
 * a benchmark regex, {@code -f}, {@code -wi}, {@code -i}, {@code -p size=512}, {@code -l}, {@code -h}),
 * then the results again as Mpx/s: every benchmark processes one size×size image per operation.
 */
public final class KernelBenchmarks {
  private KernelBenchmarks() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions options = new CommandLineOptions(args);
    if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
        || options.shouldListProfilers() || options.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.printf(Locale.ROOT, "%-42s %-26s %12s %10s%n", "benchmark", "params", "ms/image", "Mpx/s");
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replace("io.segeval.bench.", "");
      StringBuilder params = new StringBuilder();
      for (String key : r.getParams().getParamsKeys()) {
        params.append(params.length() == 0 ? "" : " ").append(key).append('=').append(r.getParams().getParam(key));
      }
      int size = Integer.parseInt(r.getParams().getParam("size"));
      double ms = r.getPrimaryResult().getScore();
      if (!r.getPrimaryResult().getScoreUnit().equals("ms/op")) {
        System.out.printf(Locale.ROOT, "%-42s %-26s %s (not ms/op: no Mpx/s)%n", name, params, r.getPrimaryResult());
        continue;
      }
      System.out.printf(Locale.ROOT, "%-42s %-26s %8.2f ± %-5.2f %8.1f%n", name, params, ms,
          r.getPrimaryResult().getScoreError(), (double) size * size / (ms * 1e3));
    }
  }
}
