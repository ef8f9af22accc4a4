package io.segeval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.core.VectorSupport;
import io.segeval.jobs.SegEvalMain;
import io.segeval.jobs.demo.DemoDataset;
import io.segeval.jobs.run.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end comparison, all routes in one invocation over the same generated binary dataset
 * (NPY float32 logits + PNG masks, and the same images as a Parquet table): SegEval's full
 * evaluation, a scan-only pass (read + decode, no metrics: the floor), a bare Parquet scan, the
 * naive Spark SQL formulations, and the blog's PyTorch formulas when python3 with torch is there.
 * Prints each route's wall and CPU time, Mpx/s, peak live heap and the ratios to SegEval;
 * {@code --csv} appends them. CPU seconds are all the JVM's threads during the route (or all the
 * Python workers'): the cluster cost, and less disturbed than wall time when the machine is shared.
 */
@Command(name = "run-end-to-end", mixinStandardHelpOptions = true, sortOptions = false,
    description = "SegEval against scan-only, naive Spark SQL and PyTorch over the same images.")
public final class EndToEndBenchmark implements Callable<Integer> {
  static final List<String> ALL_ROUTES = List.of("scan", "segeval", "table-scan", "segeval-table", "packed-scan",
      "segeval-packed", "parquet-scan", "sql-posexplode", "sql-aggregate", "pytorch");

  /** The routes over a table of {@code segeval pack}, by the layout they read. */
  static final Map<String, PackedTables.Layout> TABLE_ROUTES = Map.of(
      "table-scan", PackedTables.Layout.ARRAYS, "segeval-table", PackedTables.Layout.ARRAYS,
      "packed-scan", PackedTables.Layout.BYTES, "segeval-packed", PackedTables.Layout.BYTES);

  @Option(names = "--images", defaultValue = "800", description = "Images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--size", defaultValue = "512", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--dir", defaultValue = "bench/target/e2e", description = "Data and output folder (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--routes", split = ",", defaultValue = "scan,segeval,parquet-scan,sql-posexplode,pytorch",
      description = "Routes to run, of scan, segeval, table-scan, segeval-table, packed-scan, segeval-packed,"
          + " parquet-scan, sql-posexplode, sql-aggregate, pytorch"
          + " (default: ${DEFAULT-VALUE}; sql-aggregate runs at about 5 Mpx/s).")
  List<String> routes;

  @Option(names = "--repeat", defaultValue = "1",
      description = "Rounds over all routes; each route's best round is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--python", split = ",", defaultValue = "python3,/usr/bin/python3",
      description = "Pythons to try for torch, first that works (default: ${DEFAULT-VALUE}).")
  List<String> pythons;

  @Option(names = "--python-script", defaultValue = "bench/pytorch_losses.py", description = "(default: ${DEFAULT-VALUE}).")
  Path pythonScript;

  @Option(names = "--python-workers", defaultValue = "2",
      description = "PyTorch processes side by side on disjoint shards (default: ${DEFAULT-VALUE}, one per core).")
  int pythonWorkers;

  @Option(names = "--master", description = "Spark master (default: local[*]).")
  String master;

  @Option(names = "--csv", description = "Append one line per route to this CSV file.")
  Path csv;

  @Option(names = "--jobs", description = "Print the Spark jobs of each run (time, their tasks' run and CPU time) and the time outside them.")
  boolean jobs;

  @Option(names = "--warmup-images", defaultValue = "40",
      description = "Before measuring, run the JVM routes once over this many images of the same size, untimed,"
          + " so that no route pays the JIT's and Spark's first-run costs (0: no warm-up; default: ${DEFAULT-VALUE}).")
  int warmupImages;

  private final JobTimes jobTimes = new JobTimes();

  private final Map<String, Measurement> results = new LinkedHashMap<>();

  /** One route's best run: wall and CPU seconds (all threads of the JVM, or of the Python workers). */
  record Measurement(double seconds, double cpuSeconds, long pixels, long heapBytes, String values) {
    double mpxPerSecond() {
      return pixels / seconds / 1e6;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EndToEndBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    for (String r : routes) {
      if (!ALL_ROUTES.contains(r)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown route '" + r + "' (routes: " + ALL_ROUTES + ")");
      }
    }
    Path data = dir.resolve("images-" + images + "-" + size).toAbsolutePath();
    Path pred = data.resolve("pred");
    Path mask = data.resolve("mask");
    Path table = data.resolve("table.parquet");
    Path output = dir.resolve("segeval-output").toAbsolutePath();
    ensureDataset(data);
    SparkSession spark = SparkSessions.getOrCreate(master, "segeval-bench");
    spark.sparkContext().setLogLevel("WARN");
    spark.sparkContext().addSparkListener(jobTimes);
    if ((routes.contains("parquet-scan") || routes.stream().anyMatch(r -> r.startsWith("sql"))) && !Files.exists(table.resolve("_SUCCESS"))) {
      System.out.println("writing the Parquet table " + table + " ...");
      ImageTable.writeParquet(spark, pred.toString(), mask.toString(), table.toString());
    }
    ensureTables(data);
    System.out.printf(Locale.ROOT, "%d images of %dx%d (%.0f Mpx) under %s; Spark %s, %s, kernels: %s%n", images, size, size,
        images * (double) size * size / 1e6, data, spark.version(), spark.sparkContext().master(), VectorSupport.describe());

    if (warmupImages > 0) {
      warmUp(spark);
    }
    // Repeats are the outer loop, so that a burst of load from elsewhere hits every route alike.
    Map<String, Boolean> skipped = new LinkedHashMap<>();
    for (int r = 0; r < repeat; r++) {
      for (String route : routes) {
        if (skipped.containsKey(route)) {
          continue;
        }
        jobTimes.clear();
        long startMillis = System.currentTimeMillis();
        Measurement m = switch (route) {
          case "scan" -> timed(() -> {
            long px = ImageTable.scanOnly(spark, pred.toString(), mask.toString());
            return new Object[] {px, "decoded " + px + " pixels"};
          });
          case "segeval" -> timed(() -> segEval(folders(data), output));
          case "table-scan" -> timed(() -> scanned(PackedTables.scanArrays(spark, PackedTables.Layout.ARRAYS.table(data))));
          case "packed-scan" -> timed(() -> scanned(PackedTables.scanBytes(spark, PackedTables.Layout.BYTES.table(data))));
          case "segeval-table", "segeval-packed" -> timed(() -> segEval(table(data, TABLE_ROUTES.get(route)), output));
          case "parquet-scan" -> timed(() -> {
            long px = NaiveSql.scan(spark, table.toString());
            return new Object[] {px, "scanned " + px + " pixels"};
          });
          case "sql-posexplode" -> timed(() -> {
            BinarySums s = NaiveSql.posexplode(spark, table.toString());
            return new Object[] {s.n(), s.describe()};
          });
          case "sql-aggregate" -> timed(() -> {
            BinarySums s = NaiveSql.higherOrder(spark, table.toString());
            return new Object[] {s.n(), s.describe()};
          });
          case "pytorch" -> pytorch(pred, mask);
          default -> throw new IllegalStateException(route);
        };
        if (m == null) {
          skipped.put(route, true);
          continue;
        }
        System.out.printf(Locale.ROOT, "  %-15s run %d: %7.2f s  %s%n", route, r + 1, m.seconds(), m.values());
        if (jobs && !route.equals("pytorch")) {
          Thread.sleep(200); // the listener bus delivers job ends asynchronously
          System.out.print(jobTimes.describe(startMillis, startMillis + (long) (m.seconds() * 1e3)));
        }
        Measurement best = results.get(route);
        if (best == null || m.seconds() < best.seconds()) {
          results.put(route, m);
        }
      }
    }
    report();
    return 0;
  }

  private interface Work {
    /** Returns {pixels (Long), values (String)}. */
    Object[] run() throws Exception;
  }

  private static Measurement timed(Work work) throws Exception {
    try (HeapWatch heap = new HeapWatch()) {
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      Object[] out = work.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (processCpuNanos() - cpuStart) / 1e9;
      return new Measurement(seconds, cpu, (Long) out[0], heap.peakLiveBytes(), (String) out[1]);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** {@code {pixels, "decoded N pixels"}}: what a scan-only route returns. */
  private static Object[] scanned(long pixels) {
    return new Object[] {pixels, "decoded " + pixels + " pixels"};
  }

  /** The evaluate options of the dataset's folders. */
  private static List<String> folders(Path data) {
    return List.of("--pred", data.resolve("pred").toString(), "--target", data.resolve("mask").toString());
  }

  /** The evaluate options of the dataset's table of one layout. */
  private static List<String> table(Path data, PackedTables.Layout layout) {
    return List.of("--table", layout.table(data).toString());
  }

  /** Packs the tables of the layouts the routes read, unless they are there. */
  private void ensureTables(Path data) {
    routes.stream().map(TABLE_ROUTES::get).filter(java.util.Objects::nonNull).distinct()
        .forEach(layout -> PackedTables.ensure(data, layout));
  }

  /** {@code evaluate} of {@code input} (folders or a table) into {@code output}: {pixels, the dataset's values}. */
  private Object[] segEval(List<String> input, Path output) throws IOException {
    StringWriter console = new StringWriter();
    List<String> args = new ArrayList<>(List.of("evaluate"));
    args.addAll(input);
    args.addAll(List.of("--output", output.toString(), "--overwrite"));
    int code = SegEvalMain.run(new PrintWriter(console), new PrintWriter(console), args.toArray(new String[0]));
    if (code != 0) {
      throw new IllegalStateException("segeval evaluate failed (" + code + "):\n" + console);
    }
    JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
    JsonNode d = summary.get("dataset");
    String values = String.format(Locale.ROOT, "dice %.6f  iou %.6f  bce %.6f  focal %.6f  tp %d  fp %d  lovasz(per-image mean) %.6f",
        d.get("dice").asDouble(), d.get("iou").asDouble(), d.get("bce").asDouble(), d.get("focal_loss").asDouble(),
        d.get("tp").asLong(), d.get("fp").asLong(), summary.get("per_image_mean").get("lovasz_hinge_loss").asDouble());
    return new Object[] {summary.get("pixels").asLong(), values};
  }

  private Measurement pytorch(Path pred, Path mask) throws Exception {
    String python = PyTorchRun.findPython(pythons);
    if (python == null) {
      System.out.println("  pytorch: skipped, no python with torch among " + pythons);
      return null;
    }
    PyTorchRun.Result r = PyTorchRun.run(python, pythonScript, pred, mask, pythonWorkers);
    Measurement compute = new Measurement(r.computeSeconds(), r.cpuSeconds(), r.pixels(), r.maxRssKb() * 1024,
        "the same, without interpreter start and imports");
    Measurement best = results.get("pytorch (compute)");
    if (best == null || compute.seconds() < best.seconds()) {
      results.put("pytorch (compute)", compute);
    }
    return new Measurement(r.wallSeconds(), Double.NaN, r.pixels(), r.maxRssKb() * 1024,
        r.describe() + "  [" + python + ", " + pythonWorkers + " processes of " + r.threads() + " torch thread(s); heap = peak RSS of one]");
  }

  /** Every JVM route once over a small dataset of the same image size, results discarded. */
  private void warmUp(SparkSession spark) throws Exception {
    Path data = dir.resolve("images-" + warmupImages + "-" + size).toAbsolutePath();
    int measured = images;
    images = warmupImages;
    try {
      ensureDataset(data);
    } finally {
      images = measured;
    }
    String pred = data.resolve("pred").toString();
    String mask = data.resolve("mask").toString();
    String table = data.resolve("table.parquet").toString();
    long start = System.nanoTime();
    ImageTable.scanOnly(spark, pred, mask);
    Path warmupOutput = dir.resolve("warmup-output").toAbsolutePath();
    segEval(folders(data), warmupOutput);
    ensureTables(data);
    for (String route : routes) {
      switch (route) {
        case "table-scan" -> PackedTables.scanArrays(spark, PackedTables.Layout.ARRAYS.table(data));
        case "packed-scan" -> PackedTables.scanBytes(spark, PackedTables.Layout.BYTES.table(data));
        case "segeval-table", "segeval-packed" -> segEval(table(data, TABLE_ROUTES.get(route)), warmupOutput);
        default -> { } // the folder and SQL routes are warmed up above and below
      }
    }
    if (routes.stream().anyMatch(r -> r.startsWith("sql") || r.equals("parquet-scan"))) {
      if (!Files.exists(data.resolve("table.parquet").resolve("_SUCCESS"))) {
        ImageTable.writeParquet(spark, pred, mask, table);
      }
      NaiveSql.scan(spark, table);
      NaiveSql.posexplode(spark, table);
    }
    System.out.printf(Locale.ROOT, "warm-up over %d images: %.1f s (not counted)%n", warmupImages, (System.nanoTime() - start) / 1e9);
  }

  private void ensureDataset(Path data) throws IOException {
    Path done = data.resolve("COMPLETE");
    if (Files.exists(done)) {
      return;
    }
    System.out.printf(Locale.ROOT, "generating %d images of %dx%d under %s ...%n", images, size, size, data);
    long start = System.nanoTime();
    DemoDataset.write(data, images, 42L, size);
    Files.writeString(done, "DemoDataset.write(dir, " + images + ", 42, " + size + ")\n");
    System.out.printf(Locale.ROOT, "  generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  private void report() throws IOException {
    Measurement segeval = results.get("segeval");
    System.out.println();
    System.out.printf(Locale.ROOT, "%-18s %8s %8s %8s %12s %9s %9s%n", "route", "wall s", "Mpx/s", "CPU s", "peak heap",
        "wall/SE", "CPU/SE");
    List<String> csvLines = new ArrayList<>();
    for (Map.Entry<String, Measurement> e : results.entrySet()) {
      Measurement m = e.getValue();
      double wallRatio = segeval == null ? Double.NaN : m.seconds() / segeval.seconds();
      double cpuRatio = segeval == null ? Double.NaN : m.cpuSeconds() / segeval.cpuSeconds();
      System.out.printf(Locale.ROOT, "%-18s %8.2f %8.1f %8.2f %9.0f MB %8.2fx %8.2fx%n", e.getKey(), m.seconds(),
          m.mpxPerSecond(), m.cpuSeconds(), m.heapBytes() / 1e6, wallRatio, cpuRatio);
      csvLines.add(String.format(Locale.ROOT, "%d,%d,%s,%.3f,%.3f,%.2f,%d", images, size, e.getKey(), m.seconds(),
          m.cpuSeconds(), m.mpxPerSecond(), m.heapBytes()));
    }
    System.out.println();
    // each SegEval route against the scan-only floor of the same input
    ratio("SegEval / scan-only (target <= 1.3)", segeval, results.get("scan"));
    ratio("SegEval table / table-scan (arrays layout)", results.get("segeval-table"), results.get("table-scan"));
    ratio("SegEval packed / packed-scan (bytes layout)", results.get("segeval-packed"), results.get("packed-scan"));
    if (segeval != null) {
      for (String sql : Arrays.asList("sql-posexplode", "sql-aggregate")) {
        ratio(sql + " / SegEval (target >= 2)", results.get(sql), segeval);
      }
      ratio("PyTorch compute / SegEval", results.get("pytorch (compute)"), segeval);
    }
    if (csv != null) {
      boolean header = !Files.exists(csv);
      if (csv.getParent() != null) {
        Files.createDirectories(csv.getParent());
      }
      if (header) {
        csvLines.add(0, "images,size,route,wall_seconds,cpu_seconds,mpx_per_s,peak_heap_bytes");
      }
      Files.write(csv, csvLines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  private static void ratio(String what, Measurement a, Measurement b) {
    if (a != null && b != null) {
      System.out.printf(Locale.ROOT, "  %-42s wall %5.2f   CPU %5.2f%n", what, a.seconds() / b.seconds(),
          a.cpuSeconds() / b.cpuSeconds());
    }
  }
}
