package io.segeval.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU milliseconds of the benchmark JVM per operation ({@code cpu.ms/op}): unlike wall time, it
 * does not grow when other processes share the cores, so "Mpx/s per core" stays comparable on a
 * busy machine. Includes the JVM's own threads (GC, JIT), which are idle after warm-up.
 * Use with {@code -prof io.segeval.bench.CpuTimeProfiler}; {@link KernelBenchmarks} adds it.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  static final String RESULT = "cpu.ms/op";
  private long cpuNanosAtStart;

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuNanosAtStart = processCpuNanos();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long ops = result.getMetadata().getMeasuredOps();
    double ms = (processCpuNanos() - cpuNanosAtStart) / 1e6;
    return List.of(new ScalarResult(RESULT, ops == 0 ? Double.NaN : ms / ops, "ms/op", AggregationPolicy.AVG));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
