package io.segeval.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The entry point of {@code bench/target/benchmarks.jar}: JMH's own command line (any JMH option:
 * a benchmark regex, {@code -f}, {@code -wi}, {@code -i}, {@code -p size=512}, {@code -l}, {@code -h}),
 * then the results again as Mpx/s of wall time and of CPU time ({@link CpuTimeProfiler}): every
 * benchmark processes one size×size image per operation.
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
    Collection<RunResult> results =
        new Runner(new OptionsBuilder().parent(options).addProfiler(CpuTimeProfiler.class).build()).run();
    System.out.println();
    System.out.println("Per image: wall time (± 99.9% interval), and Mpx/s of wall time and of CPU time (one thread:");
    System.out.println("Mpx per CPU-second is Mpx/s per core, whatever else the machine runs).");
    System.out.printf(Locale.ROOT, "%-32s %-34s %18s %10s %10s%n", "benchmark", "params", "wall ms/image", "Mpx/s", "Mpx/cpu-s");
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replace("io.segeval.bench.", "").replace("Benchmark.", ".");
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
      Result<?> cpu = r.getSecondaryResults().get(CpuTimeProfiler.RESULT);
      double cpuMs = cpu == null ? Double.NaN : cpu.getScore();
      System.out.printf(Locale.ROOT, "%-32s %-34s %9.2f ± %-6.2f %10.1f %10.1f%n", name, params, ms,
          r.getPrimaryResult().getScoreError(), (double) size * size / (ms * 1e3), (double) size * size / (cpuMs * 1e3));
    }
  }
}
