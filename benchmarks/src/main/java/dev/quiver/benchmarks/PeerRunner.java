package dev.quiver.benchmarks;

import dev.quiver.internal.kernel.VectorKernels;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Exact top-10 cosine search at 384 dimensions, side by side with the peers Quiver has to beat, in one JVM on
 * the same seeded Gaussian unit vectors and the same queries.
 *
 * <p>Per size: every engine is built (not timed), its answers are compared with Quiver's for every query,
 * then each engine warms up ({@value #WARMUP_QUERIES} queries or {@value #WARMUP_SECONDS} s, whichever ends
 * first), then {@code rounds} rounds run the same batch of queries through every engine. The engine order
 * rotates each round, so drift in the machine's load (the other engineer's builds on these 2 cores) lands on
 * every engine alike. Per engine the result is the median over rounds of the batch's mean per-query time, with
 * the 10th and 90th percentiles of the rounds as its spread. Unlike JMH this runs one fork with a hand-made
 * loop; its job is the ratios between engines measured under the same conditions, not absolute times.
 *
 * <p>Run: {@code benchmarks/run-peers.sh [-j JDK_HOME] [--sizes 1375,20000,100000]}. Options:
 * {@code --sizes}, {@code --rounds} (default 30), {@code --engines} (a comma list of {@code store} (always run:
 * the reference), {@code scan1}, {@code facade}, {@code adapter} (Quiver through {@code QuiverEmbeddingStore}; runs
 * with {@code facade}), {@code lc4j}, {@code sqlite-vec}; default all), {@code --lc4j-max} (largest size
 * LangChain4j runs at, default 100,000), {@code --sqlite-vec PATH} (default
 * {@code benchmarks/target/peers/.../vec0.so}, installed by {@code benchmarks/peers/install-sqlite-vec.sh}),
 * {@code --out FILE}.
 */
public final class PeerRunner {
  static final int DIMENSIONS = SearchBenchmark.DIMENSIONS;
  static final long DATA_SEED = 42;
  static final long QUERY_SEED = 4242;
  static final int WARMUP_QUERIES = 200;
  static final int WARMUP_SECONDS = 2;
  static final String VEC0_IN_TARGET = "peers/node_modules/sqlite-vec-linux-x64/vec0.so";

  private static volatile int sink;

  private PeerRunner() {}

  /** Seeded Gaussian vectors scaled to unit length, as in {@link SearchBenchmark}. */
  static float[][] unitVectors(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = SearchBenchmark.unitVector(random);
    }
    return out;
  }

  /** Queries per round: enough to smooth timer noise, few enough that 30 rounds of a million vectors end. */
  static int batchFor(int size) {
    if (size <= 2_000) {
      return 50;
    } else if (size <= 20_000) {
      return 20;
    } else if (size <= 100_000) {
      return 10;
    }
    return 3;
  }

  /** How an engine's answers compare with Quiver's over a set of queries. */
  record Agreement(int queries, int sameOrder, int sameSet, int overlapping) {
    static Agreement of(int[][] reference, int[][] answers) {
      int sameOrder = 0;
      int sameSet = 0;
      int overlapping = 0;
      for (int q = 0; q < reference.length; q++) {
        if (Arrays.equals(reference[q], answers[q])) {
          sameOrder++;
        }
        int[] a = reference[q].clone();
        int[] b = answers[q].clone();
        Arrays.sort(a);
        Arrays.sort(b);
        if (Arrays.equals(a, b)) {
          sameSet++;
        }
        for (int id : answers[q]) {
          if (Arrays.binarySearch(a, id) >= 0) {
            overlapping++;
          }
        }
      }
      return new Agreement(reference.length, sameOrder, sameSet, overlapping);
    }

    boolean exact() {
      return sameOrder == queries;
    }

    String describe() {
      if (exact()) {
        return queries + "/" + queries + " identical";
      }
      return String.format(Locale.ROOT, "%d/%d identical, %d/%d same set, overlap %.1f%%", sameOrder, queries,
          sameSet, queries, 100.0 * overlapping / (queries * PeerEngines.K));
    }
  }

  /** One engine's timings at one size, in nanoseconds per query, one entry per round. */
  record Row(int size, String engine, double[] nanosPerQuery, Agreement agreement, String note) {
    double percentile(double p) {
      double[] sorted = nanosPerQuery.clone();
      Arrays.sort(sorted);
      // nearest rank on the sorted rounds; the median of an even count is the mean of the middle two
      if (p == 50 && sorted.length % 2 == 0) {
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      }
      int rank = (int) Math.round(p / 100 * (sorted.length - 1));
      return sorted[rank];
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int[] sizes = Arrays.stream(options.getOrDefault("--sizes", "1375,20000,100000").split(","))
        .map(String::trim).mapToInt(Integer::parseInt).toArray();
    int rounds = Integer.parseInt(options.getOrDefault("--rounds", "30"));
    int lc4jMax = Integer.parseInt(options.getOrDefault("--lc4j-max", "100000"));
    java.util.Set<String> chosen = engines(options.getOrDefault("--engines", String.join(",", ENGINES)));
    Path target = targetDirectory();
    Path vec0 = Path.of(options.getOrDefault("--sqlite-vec", target.resolve(VEC0_IN_TARGET).toString()));
    int jdk = Runtime.version().feature();
    Path out = Path.of(options.getOrDefault("--out",
        target.getParent().resolve("results").resolve("peers-jdk" + jdk + ".md").toString()));
    String sqliteVecSkipped = !chosen.contains("sqlite-vec") ? "not chosen (--engines)"
        : Files.isRegularFile(vec0) ? null
        : "skipped: " + vec0 + " not found (run benchmarks/peers/install-sqlite-vec.sh)";
    if (sqliteVecSkipped != null) {
      System.err.println("PeerRunner: sqlite-vec " + sqliteVecSkipped);
    }

    List<Row> rows = new ArrayList<>();
    String sqliteVecVersions = null;
    Path temp = Files.createTempDirectory("quiver-peers");
    try {
      for (int size : sizes) {
        float[][] vectors = unitVectors(size, DATA_SEED);
        float[][] queries = unitVectors(batchFor(size), QUERY_SEED);
        List<PeerEngines.Engine> engines = new ArrayList<>();
        Map<String, String> notes = new LinkedHashMap<>();
        try {
          long t0 = System.nanoTime();
          Path quiverFile = temp.resolve("quiver-" + size + ".db");
          PeerEngines.QuiverStore quiver = new PeerEngines.QuiverStore(vectors, quiverFile);
          engines.add(quiver);
          log("%,d vectors: Quiver store built in %.1f s", size, seconds(t0));
          if (chosen.contains("scan1")) {
            t0 = System.nanoTime();
            engines.add(new PeerEngines.QuiverScanOneThread(quiver.store(), size));
            log("%,d vectors: 1-thread arena built in %.1f s", size, seconds(t0));
          }
          if (chosen.contains("facade")) {
            t0 = System.nanoTime();
            PeerEngines.QuiverFacade facade =
                new PeerEngines.QuiverFacade(vectors, temp.resolve("quiver-facade-" + size + ".db"));
            engines.add(facade);
            log("%,d vectors: Quiver facade store built in %.1f s", size, seconds(t0));
            if (chosen.contains("adapter")) {
              engines.add(new PeerEngines.QuiverLangChain4j(facade.quiver()));
            }
          }
          if (!chosen.contains("lc4j")) {
            log("%,d vectors: LangChain4j InMemoryEmbeddingStore not chosen", size);
          } else if (size <= lc4jMax) {
            t0 = System.nanoTime();
            engines.add(new PeerEngines.LangChain4j(vectors));
            log("%,d vectors: LangChain4j built in %.1f s", size, seconds(t0));
          } else {
            notes.put("LangChain4j InMemoryEmbeddingStore", "not run above --lc4j-max " + lc4jMax);
          }
          if (sqliteVecSkipped == null) {
            t0 = System.nanoTime();
            PeerEngines.SqliteVec sqliteVec =
                new PeerEngines.SqliteVec(vectors, temp.resolve("sqlite-vec-" + size + ".db"), vec0);
            sqliteVecVersions = sqliteVec.versions();
            engines.add(sqliteVec);
            log("%,d vectors: sqlite-vec built in %.1f s", size, seconds(t0));
          }
          vectors = null; // the engines hold what they need; at a million this frees 1.5 GB before timing
          System.gc();

          int[][] reference = answers(engines.get(0), queries);
          Map<String, Agreement> agreements = new LinkedHashMap<>();
          for (PeerEngines.Engine e : engines) {
            Agreement a = Agreement.of(reference, answers(e, queries));
            agreements.put(e.name(), a);
            log("%,d vectors: %s vs Quiver: %s", size, e.name(), a.describe());
          }
          for (PeerEngines.Engine e : engines) {
            warmUp(e, queries);
          }
          double[][] timings = new double[engines.size()][rounds];
          for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < engines.size(); j++) {
              int e = (j + r) % engines.size();
              timings[e][r] = timeBatch(engines.get(e), queries);
            }
          }
          PeerEngines.Engine facadeEngine = null;
          PeerEngines.Engine adapterEngine = null;
          for (PeerEngines.Engine e : engines) {
            if (e instanceof PeerEngines.QuiverFacade) {
              facadeEngine = e;
            } else if (e instanceof PeerEngines.QuiverLangChain4j) {
              adapterEngine = e;
            }
          }
          if (adapterEngine != null) {
            double[] paired = new double[rounds];
            for (int r = 0; r < rounds; r++) {
              paired[r] = pairedRatio(adapterEngine, facadeEngine, queries, r);
            }
            rows.add(new Row(size, PAIRED, paired, null, null));
            Row row = rows.get(rows.size() - 1);
            log("%,d vectors: adapter/facade interleaved per query: median %.3f (p10-p90 %.3f-%.3f)", size,
                row.percentile(50), row.percentile(10), row.percentile(90));
          }
          for (int e = 0; e < engines.size(); e++) {
            String name = engines.get(e).name();
            Row row = new Row(size, name, timings[e], agreements.get(name), null);
            rows.add(row);
            log("%,d vectors: %-36s median %s (p10-p90 %s-%s)", size, name, millis(row.percentile(50)),
                millis(row.percentile(10)), millis(row.percentile(90)));
          }
          notes.forEach((engine, note) -> rows.add(new Row(size, engine, null, null, note)));
          if (sqliteVecSkipped != null) {
            if (chosen.contains("sqlite-vec")) {
              rows.add(new Row(size, "sqlite-vec vec0", null, null, sqliteVecSkipped));
            }
          }
        } finally {
          for (PeerEngines.Engine e : engines) {
            e.close();
          }
          try (var files = Files.list(temp)) {
            files.forEach(PeerEngines::deleteDatabase);
          }
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }

    String table = render(rows, rounds, sizes, sqliteVecVersions, target);
    System.out.println(table);
    Files.createDirectories(out.getParent());
    Files.writeString(out, table, StandardCharsets.UTF_8);
    Path csvFile = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.md$", "") + ".csv");
    csv(rows, sqliteVecVersions, target).write(csvFile);
    log("wrote %s and %s", out, csvFile);
  }

  static final List<String> ENGINES = List.of("store", "scan1", "facade", "adapter", "lc4j", "sqlite-vec");

  private static java.util.Set<String> engines(String list) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (String name : list.split(",")) {
      String engine = name.trim();
      if (!ENGINES.contains(engine)) {
        throw new IllegalArgumentException("--engines takes a comma list of " + ENGINES + "; found '" + engine
            + "'");
      }
      out.add(engine);
    }
    out.add("store"); // every other engine's answers are checked against it
    if (out.contains("adapter") && !out.contains("facade")) {
      throw new IllegalArgumentException("--engines adapter runs on the facade's store; add facade");
    }
    return out;
  }

  static int[][] answers(PeerEngines.Engine engine, float[][] queries) {
    int[][] out = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      out[q] = engine.search(queries[q]);
    }
    return out;
  }

  private static void warmUp(PeerEngines.Engine engine, float[][] queries) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
    for (int i = 0; i < WARMUP_QUERIES && System.nanoTime() < end; i++) {
      sink += engine.search(queries[i % queries.length])[0];
    }
  }

  static final String PAIRED = "adapter ÷ facade, interleaved per query";

  /**
   * One pass of the batch through both engines query by query, which goes first alternating, so a burst of the
   * host's load lands on both alike: the adapter's summed time over the facade's.
   */
  private static double pairedRatio(PeerEngines.Engine adapter, PeerEngines.Engine facade, float[][] queries,
      int round) {
    long adapterNanos = 0;
    long facadeNanos = 0;
    int acc = 0;
    for (int q = 0; q < queries.length; q++) {
      boolean adapterFirst = (q + round) % 2 == 0;
      for (int k = 0; k < 2; k++) {
        PeerEngines.Engine e = (k == 0) == adapterFirst ? adapter : facade;
        long t0 = System.nanoTime();
        acc += e.search(queries[q])[0];
        long elapsed = System.nanoTime() - t0;
        if (e == adapter) {
          adapterNanos += elapsed;
        } else {
          facadeNanos += elapsed;
        }
      }
    }
    sink += acc;
    return (double) adapterNanos / facadeNanos;
  }

  /** Mean nanoseconds per query over one pass of the batch. */
  private static double timeBatch(PeerEngines.Engine engine, float[][] queries) {
    int acc = 0;
    long t0 = System.nanoTime();
    for (float[] q : queries) {
      acc += engine.search(q)[0];
    }
    long elapsed = System.nanoTime() - t0;
    sink += acc;
    return (double) elapsed / queries.length;
  }

  static String render(List<Row> rows, int rounds, int[] sizes, String sqliteVecVersions, Path target) {
    StringBuilder s = new StringBuilder();
    s.append("## Peers: exact top-10 cosine search, 384 dimensions, one JVM (JDK ")
        .append(Runtime.version().feature()).append(")\n\n");
    s.append("| vectors | engine | median per query | p10–p90 | × Quiver | top-10 vs Quiver |\n");
    s.append("|--:|---|--:|--:|--:|---|\n");
    Map<Integer, Double> quiver = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.nanosPerQuery() != null && r.engine().startsWith("Quiver VectorStore")) {
        quiver.put(r.size(), r.percentile(50));
      }
    }
    for (Row r : rows) {
      if (r.engine().equals(PAIRED)) {
        continue; // a ratio, in the overhead table
      }
      if (r.nanosPerQuery() == null) {
        s.append(String.format(Locale.ROOT, "| %,d | %s | – | – | – | %s |\n", r.size(), r.engine(), r.note()));
        continue;
      }
      double median = r.percentile(50);
      s.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s–%s | %.2f | %s |\n", r.size(), r.engine(),
          millis(median), millis(r.percentile(10)), millis(r.percentile(90)), median / quiver.get(r.size()),
          r.engine().startsWith("Quiver VectorStore") ? "(the reference)" : r.agreement().describe()));
    }
    overheads(rows, s);
    int cores = Runtime.getRuntime().availableProcessors();
    s.append("\n");
    s.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.home"))
        .append(")\n");
    s.append("- CPU: ").append(cpuModel()).append(", ").append(cores)
        .append(" logical CPUs as the JVM sees them, shared with another engineer's builds\n");
    s.append("- JVM args: `").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
        .append("`; Quiver kernels: ").append(VectorKernels.description()).append("\n");
    s.append("- Versions: Quiver ").append(commit(target)).append("; LangChain4j ")
        .append(mavenVersion("dev.langchain4j", "langchain4j")).append("; sqlite-jdbc ")
        .append(mavenVersion("org.xerial", "sqlite-jdbc")).append("; ")
        .append(sqliteVecVersions == null ? "sqlite-vec not run" : sqliteVecVersions).append("\n");
    s.append("- Dataset: seeded Gaussian vectors scaled to unit length (seed ").append(DATA_SEED)
        .append("), queries from seed ").append(QUERY_SEED).append(" (not in the data); the same float arrays go to "
            + "every engine; sizes ").append(Arrays.toString(sizes)).append("\n");
    s.append("- Method: per size, one batch of queries (");
    for (int i = 0; i < sizes.length; i++) {
      s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d", batchFor(sizes[i])))
          .append(" at ").append(String.format(Locale.ROOT, "%,d", sizes[i]));
    }
    s.append("); warm-up ").append(WARMUP_QUERIES).append(" queries or ").append(WARMUP_SECONDS)
        .append(" s per engine; then ").append(rounds).append(" rounds, each running the batch through every "
            + "engine in an order rotated each round. Median and p10–p90 are over rounds of the batch's mean "
            + "per-query time. × Quiver divides by Quiver VectorStore.search's median at the same size. "
            + "Building the stores is not timed.\n");
    s.append("- Quiver VectorStore.search: the public API on a temp store file, filled by upsertAll in batches of "
        + "10,000; it shares a scan among all ").append(cores).append(" cores from 131,072 vectors up, so below "
        + "that it runs on one thread. Quiver ExactScan, 1 thread: the same scan over an arena built from the "
        + "store's own vectors, always on the caller's thread.\n");
    s.append("- Quiver.search (public API): a vector-only `Quiver` (no embedder, no keyword index) on its own temp "
        + "store filled by `index(items, vectors)`, searched with `SearchRequest.of(vector).mode(VECTOR).limit(10)`. "
        + "Quiver via QuiverEmbeddingStore: `QuiverEmbeddingStore.of(thatQuiver)` searched exactly as LangChain4j's "
        + "store is, below; the adapter ratio divides its time by the facade's in the same round. Interleaved per "
        + "query: after the timed rounds, as many more rounds each run the batch through both, query by query, "
        + "which goes first alternating, and divide the adapter's summed time by the facade's.\n");
    s.append("- LangChain4j: `InMemoryEmbeddingStore<TextSegment>`, `search(EmbeddingSearchRequest` with "
        + "`maxResults(10).minScore(0.0))`; its score is (cosine + 1) / 2, so 0.0 keeps every item.\n");
    s.append("- sqlite-vec: the npm package sqlite-vec-linux-x64's `vec0.so` loaded into sqlite-jdbc; "
        + "`vec0(embedding float[384] distance_metric=cosine)` in a temp SQLite file with default pragmas; "
        + "query `WHERE embedding MATCH ? AND k = 10 ORDER BY distance`, little-endian float32 blobs.\n");
    s.append("- top-10 vs Quiver: per query, the engine's ids in order against Quiver VectorStore.search's "
        + "(identical), as sets (same set), and the share of its ids among Quiver's (overlap).\n");
    return s.toString();
  }

  /** The table's rows for the chart renderer ({@link ChartRenderer}): medians and spreads in milliseconds. */
  static ResultCsv csv(List<Row> rows, String sqliteVecVersions, Path target) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    metadata.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " logical CPUs, shared");
    metadata.put("flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    metadata.put("kernels", VectorKernels.description());
    metadata.put("versions", "LangChain4j " + mavenVersion("dev.langchain4j", "langchain4j") + "; sqlite-jdbc "
        + mavenVersion("org.xerial", "sqlite-jdbc") + "; "
        + (sqliteVecVersions == null ? "sqlite-vec not run" : sqliteVecVersions));
    metadata.put("commit", commit(target));
    List<List<String>> out = new ArrayList<>();
    for (Row r : rows) {
      if (r.engine().equals(PAIRED)) {
        continue;
      }
      boolean timed = r.nanosPerQuery() != null;
      out.add(List.of(Integer.toString(r.size()), r.engine(),
          timed ? String.format(Locale.ROOT, "%.4f", r.percentile(50) / 1e6) : "",
          timed ? String.format(Locale.ROOT, "%.4f", r.percentile(10) / 1e6) : "",
          timed ? String.format(Locale.ROOT, "%.4f", r.percentile(90) / 1e6) : "",
          !timed ? r.note() : r.agreement() == null ? "" : r.engine().startsWith("Quiver VectorStore")
              ? "(the reference)" : r.agreement().describe()));
    }
    return new ResultCsv(metadata, List.of("vectors", "engine", "median_ms", "p10_ms", "p90_ms", "agreement"), out);
  }

  /**
   * The LangChain4j adapter against the facade it wraps, per size: the ratio of the two engines' times in each
   * round (the same queries, back to back, the same load), as median and p10–p90 over rounds.
   */
  private static void overheads(List<Row> rows, StringBuilder s) {
    Map<Integer, Row> facade = new LinkedHashMap<>();
    Map<Integer, Row> adapter = new LinkedHashMap<>();
    Map<Integer, Row> paired = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.engine().equals(PAIRED)) {
        paired.put(r.size(), r);
      }
      if (r.nanosPerQuery() != null && r.engine().equals("Quiver.search (public API)")) {
        facade.put(r.size(), r);
      } else if (r.nanosPerQuery() != null && r.engine().equals("Quiver via QuiverEmbeddingStore")) {
        adapter.put(r.size(), r);
      }
    }
    if (adapter.isEmpty()) {
      return;
    }
    s.append("\n| vectors | QuiverEmbeddingStore ÷ Quiver.search, per round: median | p10–p90 | interleaved per query: "
        + "median | p10–p90 |\n|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<Integer, Row> e : adapter.entrySet()) {
      Row f = facade.get(e.getKey());
      double[] ratios = new double[f.nanosPerQuery().length];
      for (int r = 0; r < ratios.length; r++) {
        ratios[r] = e.getValue().nanosPerQuery()[r] / f.nanosPerQuery()[r];
      }
      Row ratio = new Row(e.getKey(), "ratio", ratios, null, null);
      Row p = paired.get(e.getKey());
      s.append(String.format(Locale.ROOT, "| %,d | %.3f | %.3f–%.3f | %.3f | %.3f–%.3f |\n", e.getKey(),
          ratio.percentile(50), ratio.percentile(10), ratio.percentile(90), p.percentile(50), p.percentile(10),
          p.percentile(90)));
    }
  }

  static String millis(double nanos) {
    double ms = nanos / 1e6;
    if (ms < 1) {
      return String.format(Locale.ROOT, "%.3f ms", ms);
    } else if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    }
    return String.format(Locale.ROOT, "%.1f ms", ms);
  }

  /** benchmarks/target, from where this class was loaded (target/benchmarks.jar or target/classes). */
  static Path targetDirectory() {
    try {
      Path location = Path.of(PeerRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.toAbsolutePath().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown (no /proc/cpuinfo)";
  }

  static String commit(Path target) {
    Path dir = target.getParent();
    String head = git(dir, "rev-parse", "--short", "HEAD");
    String dirty = git(dir, "status", "--porcelain", "--", "../core/src", "src", "pom.xml");
    return "commit " + (head.isEmpty() ? "unknown" : head) + (dirty.isEmpty() ? "" : " (with uncommitted changes)");
  }

  private static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? output : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String mavenVersion(String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = PeerRunner.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --option value pairs (--sizes, --rounds, --engines, "
            + "--lc4j-max, --sqlite-vec, --out); found '" + args[i] + "'");
      }
      options.put(args[i], args[++i]);
    }
    return options;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void log(String format, Object... args) {
    System.err.println("PeerRunner: " + String.format(Locale.ROOT, format, args));
  }
}
