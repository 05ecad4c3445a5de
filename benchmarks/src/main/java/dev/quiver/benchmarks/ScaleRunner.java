package dev.quiver.benchmarks;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.ArenaImage;
import dev.quiver.internal.storefile.StoreFile;
import dev.quiver.internal.store.VectorStore;
import dev.quiver.internal.storefile.StoreOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a server restarting at scale waits for: the time to open an existing store of N vectors, the heap it
 * then holds per raw float byte, and the persisted backfill rate in batches of {@value #BATCH}.
 *
 * <p>Each open runs in a fresh JVM (a child process with the same java, class path and flags), so every
 * figure includes class loading and a cold JIT, as a restart does. The store file is generated once per size
 * under {@code --data} and reused; it is in the page cache for every open, so open times are CPU, not disk.
 * Backfill writes a fresh temp file each repetition.
 *
 * <p>Run: {@code benchmarks/run-scale.sh [-j JDK_HOME] --sizes 100000,1000000 --reps 5}. Options:
 * {@code --sizes}, {@code --reps} (opens per size, default 5), {@code --backfill-reps} (default 3; 0 skips),
 * {@code --data DIR} (default /tmp/scale-data), {@code --payload plain|chat}, {@code --out FILE} (also writes
 * FILE without its .md plus .csv for {@link ChartRenderer}), {@code --build LABEL} (the CSV's build column).
 * {@code plain} items are the peers' (id {@code doc:i}, no text, no attributes); {@code chat} items carry a
 * 120-character text, a room attribute and a timestamp.
 */
public final class ScaleRunner {
  static final int DIMENSIONS = SearchBenchmark.DIMENSIONS;
  static final int BATCH = 10_000;
  static final long DATA_SEED = 42;

  private ScaleRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child-open")) {
      childOpen(Path.of(args[1]));
      return;
    }
    if (args.length > 0 && args[0].equals("--child-phases")) {
      childPhases(Path.of(args[1]));
      return;
    }
    List<Integer> sizes = List.of(100_000, 1_000_000);
    int reps = 5;
    int backfillReps = 3;
    Path data = Path.of("/tmp/scale-data");
    String payload = "plain";
    Path out = null;
    String build = "this build";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--backfill-reps" -> backfillReps = Integer.parseInt(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--payload" -> payload = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        case "--build" -> build = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(data);
    StringBuilder md = new StringBuilder();
    md.append("## Scale: open, heap after load and persisted backfill, 384 dimensions (JDK ")
        .append(Runtime.version().feature()).append(")\n\n")
        .append("| vectors | open from | open (fresh JVM) | open spread | open CPU | heap after load / raw floats | "
            + "heap MB | close | backfill vectors/s | backfill spread |\n|--:|--|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    StringBuilder phases = new StringBuilder();
    List<List<String>> csvRows = new ArrayList<>();
    for (int n : sizes) {
      Path file = data.resolve("store-" + payload + "-" + n + ".db");
      if (!Files.exists(file)) {
        System.err.printf(Locale.ROOT, "generating %s%n", file);
        double rate = backfill(file, n, payload);
        System.err.printf(Locale.ROOT, "  generated at %.0f vectors/s%n", rate);
      }
      Path image = file.resolveSibling(file.getFileName() + "-arena");
      // "rows": no image beside the file (each child's close writes one, which the next rep removes); "image":
      // the image the last close wrote, at the file's sequence
      int rowsRow = csvRows.size(); // backfill's rate joins the "from rows" row below
      for (String from : List.of("rows", "image")) {
        md.append(opens(file, image, n, from, reps, build, csvRows));
      }
      double[] phase = openInChild(file, "--child-phases");
      phases.append(String.format(Locale.ROOT, "| %,d | %.2f s | %.2f s | %.2f s | %.0f MB |%n", n, phase[0],
          phase[1], phase[2], Files.size(image) / 1e6));
      double[] rates = new double[backfillReps];
      for (int r = 0; r < backfillReps; r++) {
        Path temp = Files.createTempFile(data, "backfill-", ".db");
        Files.delete(temp);
        try {
          rates[r] = backfill(temp, n, payload);
        } finally {
          for (String suffix : new String[] {"", "-wal", "-journal", "-owner"}) {
            Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + suffix));
          }
          try (var stale = Files.list(data)) {
            for (Path p : stale.filter(p -> p.getFileName().toString().startsWith(temp.getFileName().toString()))
                .toList()) {
              Files.deleteIfExists(p);
            }
          }
        }
        System.err.printf(Locale.ROOT, "  n=%d backfill %.0f vectors/s%n", n, rates[r]);
      }
      if (backfillReps > 0) {
        List<String> row = new ArrayList<>(csvRows.get(rowsRow));
        row.set(row.size() - 1, String.format(Locale.ROOT, "%.0f", median(rates)));
        csvRows.set(rowsRow, row);
        md.append(String.format(Locale.ROOT, "| %,d | – | – | – | – | – | – | – | %,.0f | %s |%n", n, median(rates),
            spread(rates, "%,.0f")));
      }
    }
    md.append("\nPhases of one open from the image, in a fresh JVM (image read includes restoring the arena):\n\n"
        + "| vectors | StoreFile.open (guards, quick_check) | image read | history checks | image size |\n"
        + "|--:|--:|--:|--:|--:|\n").append(phases);
    md.append("\n- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.home"))
        .append(")\n- CPU: ").append(PeerRunnerCpu.name()).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" logical CPUs, shared\n")
        .append("- JVM args: `").append(String.join(" ", jvmArgs())).append("`; kernels: ")
        .append(VectorKernels.simd() ? "SIMD" : "scalar").append("\n")
        .append("- Items: ").append(payload).append(" (").append(payloadNote(payload)).append("); seeded Gaussian "
            + "unit vectors (seed 42); cosine\n")
        .append("- Open: `VectorStore.open` of the generated file in a fresh JVM per repetition (").append(reps)
        .append(" per size and source), wall time to return, file in the page cache; open CPU is the process's CPU "
            + "time over the same span (all threads, JIT and GC included). \"rows\": no arena image beside the file; "
            + "\"image\": the image the previous close wrote. Close: `VectorStore.close`, which writes the image "
            + "when the store opened from rows. Heap: `MemoryMXBean` heap used after "
            + "`System.gc()` twice, with the store open, divided by N × 384 × 4 bytes.\n")
        .append("- Backfill: `VectorStore.upsertAll` of N items in batches of 10,000 into a fresh file (WAL, "
            + "synchronous as the store chooses), vectors/s over the whole fill, ").append(backfillReps)
        .append(" repetitions. Spreads are min–max.\n")
        .append("- Load average at the end (1, 5, 15 min; other sessions' builds share the cores): ")
        .append(LoadAverage.now()).append("\n");
    System.out.print(md);
    if (out != null) {
      Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
      // the chart renderer's input: merge runs of several builds by hand, one row per build and size
      Map<String, String> metadata = new java.util.LinkedHashMap<>();
      metadata.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
      metadata.put("cpu", PeerRunnerCpu.name() + ", " + Runtime.getRuntime().availableProcessors()
          + " logical CPUs, shared");
      metadata.put("flags", String.join(" ", jvmArgs()));
      metadata.put("kernels", VectorKernels.simd() ? "SIMD" : "scalar");
      metadata.put("commit", PeerRunner.commit(Files.isDirectory(Path.of("benchmarks", "src"))
          ? Path.of("benchmarks", "target").toAbsolutePath() : PeerRunner.targetDirectory()));
      metadata.put("load", "1, 5, 15-minute load average at the end " + LoadAverage.now());
      new ResultCsv(metadata, List.of("build", "vectors", "open_wall_s", "open_cpu_s", "heap_ratio", "heap_mb",
          "backfill_per_s"), csvRows).write(out.resolveSibling(out.getFileName().toString()
          .replaceFirst("\\.md$", "") + ".csv"));
    }
  }

  /**
   * {@code reps} opens of {@code file} in fresh JVMs, as a table row. From "rows": no image beside the file
   * (each child's close writes one, removed before the next rep); from "image": the one the last close wrote.
   */
  private static String opens(Path file, Path image, int n, String from, int reps, String build,
      List<List<String>> csvRows) throws IOException, InterruptedException {
    double[] opens = new double[reps];
    double[] ratios = new double[reps];
    double[] heaps = new double[reps];
    double[] cpus = new double[reps];
    double[] closes = new double[reps];
    for (int r = 0; r < reps; r++) {
      if (from.equals("rows")) {
        Files.deleteIfExists(image);
      }
      double[] result = openInChild(file, "--child-open");
      opens[r] = result[0];
      heaps[r] = result[1];
      cpus[r] = result[2];
      closes[r] = result[3];
      ratios[r] = result[1] / ((double) n * DIMENSIONS * Float.BYTES);
      System.err.printf(Locale.ROOT, "  n=%d from %s: open %.3f s (%.3f s CPU), heap %.0f MB (%.3fx), close %.3f s%n",
          n, from, opens[r], cpus[r], heaps[r] / 1e6, ratios[r], closes[r]);
    }
    csvRows.add(List.of(build + " (from " + from + ")", Integer.toString(n),
        String.format(Locale.ROOT, "%.3f", median(opens)), String.format(Locale.ROOT, "%.3f", median(cpus)),
        String.format(Locale.ROOT, "%.3f", median(ratios)), String.format(Locale.ROOT, "%.0f", median(heaps) / 1e6),
        ""));
    return String.format(Locale.ROOT, "| %,d | %s | %.2f s | %s | %.2f s | %.2f× | %.0f | %.2f s | – | – |%n", n,
        from, median(opens), spread(opens, "%.2f s"), median(cpus), median(ratios), median(heaps) / 1e6,
        median(closes));
  }

  private static String payloadNote(String payload) {
    return payload.equals("chat") ? "id, 120-character text, a room attribute, a timestamp"
        : "id `doc:i`, no text, no attributes, as in the peers run";
  }

  /** Runs a child mode in a fresh JVM; returns the numbers it prints on its one line. */
  private static double[] openInChild(Path file, String mode) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScaleRunner.class.getName());
    command.add(mode);
    command.add(file.toString());
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      line = in.readLine();
    }
    if (p.waitFor() != 0 || line == null) {
      throw new IllegalStateException("child open of " + file + " failed");
    }
    return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  private static List<String> jvmArgs() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList();
  }

  /** CPU time of this process, all threads (JIT and GC included): less sensitive to a busy machine than wall time. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void childOpen(Path file) throws Exception {
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    VectorStore store = VectorStore.open(file, StoreOptions.of(DIMENSIONS, Metric.COSINE));
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    // a search keeps the store reachable across the measurement and checks it loaded whole
    int hits = store.search(SearchBenchmark.unitVector(new SplittableRandom(7)), 10, Filter.all()).size();
    if (hits != 10 || store.count() == 0) {
      throw new IllegalStateException("store " + file + " answered " + hits + " hits");
    }
    long closeStart = System.nanoTime();
    store.close();
    double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
    System.out.println(seconds + " " + heap + " " + cpuSeconds + " " + closeSeconds);
  }

  /**
   * The pieces of an open from the arena image, one after the other: the store file's open (the guards,
   * {@code quick_check}, the settings), reading the image into an arena, and the queries that check it against
   * the file's history.
   */
  private static void childPhases(Path file) throws Exception {
    Path image = file.resolveSibling(file.getFileName() + "-arena");
    long t0 = System.nanoTime();
    try (StoreFile store = StoreFile.open(file, StoreOptions.of(DIMENSIONS, Metric.COSINE))) {
      long t1 = System.nanoTime();
      ArenaImage.Loaded loaded = ArenaImage.read(image, DIMENSIONS);
      long t2 = System.nanoTime();
      store.imageToken();
      store.idsChangedAfter(loaded.sequence());
      store.itemsUpTo(loaded.sequence());
      long t3 = System.nanoTime();
      if (loaded.items() == 0) {
        throw new IllegalStateException("image " + image + " is empty");
      }
      System.out.println((t1 - t0) / 1e9 + " " + (t2 - t1) / 1e9 + " " + (t3 - t2) / 1e9);
    }
  }

  /** Fills {@code file} with n items in batches of {@value #BATCH}; returns vectors per second. */
  static double backfill(Path file, int n, String payload) {
    SplittableRandom random = new SplittableRandom(DATA_SEED);
    String[] rooms = {"general", "ops", "random", "support", "dev"};
    long nanos = 0;
    try (VectorStore store = VectorStore.open(file, StoreOptions.of(DIMENSIONS, Metric.COSINE))) {
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        List<Item> items = new ArrayList<>(to - from);
        List<float[]> vectors = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          if (payload.equals("chat")) {
            String text = String.format(Locale.ROOT, "message %08d in the room about deployments, builds, "
                + "queues and the weekly release train; see the runbook %05d", i, i % 100_000);
            items.add(new Item("doc:" + i, text, Map.of("room", rooms[i % rooms.length]), 1_700_000_000_000L + i));
          } else {
            items.add(Item.of("doc:" + i, null, Map.of()));
          }
          vectors.add(SearchBenchmark.unitVector(random));
        }
        long start = System.nanoTime();
        store.upsertAll(items, vectors);
        nanos += System.nanoTime() - start;
      }
    }
    return n / (nanos / 1e9);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static String spread(double[] values, String format) {
    if (values.length == 0) {
      return "–";
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, format, sorted[0]) + "–"
        + String.format(Locale.ROOT, format, sorted[sorted.length - 1]);
  }


  /** The CPU model from /proc/cpuinfo, or the architecture. */
  static final class PeerRunnerCpu {
    static String name() {
      try {
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
          if (l.startsWith("model name")) {
            return l.substring(l.indexOf(':') + 1).trim();
          }
        }
      } catch (IOException | RuntimeException e) {
        // fall through
      }
      return System.getProperty("os.arch");
    }
  }
}
