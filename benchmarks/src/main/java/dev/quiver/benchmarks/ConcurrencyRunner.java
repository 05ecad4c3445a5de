package dev.quiver.benchmarks;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.datasets.JsonlItemReader;
import dev.quiver.datasets.Queries;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.store.VectorHit;
import dev.quiver.internal.store.VectorStore;
import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Queries per second and latency percentiles under 1, 2, 4 and 8 concurrent client threads ({@link ClosedLoop}):
 * exact top-10 vector search at each size, and hybrid search end to end on a text corpus with real MiniLM,
 * once with the query's embedding inside the timed call and once with its vector given.
 *
 * <p>Vector workloads open the store files {@link ScaleRunner} generates (seeded Gaussian unit vectors, 384
 * dimensions, plain items; written here first when missing) through {@link VectorStore} at its defaults, and
 * search {@value #QUERY_COUNT} seeded queries not in the data. Hybrid workloads index a BEIR corpus into a
 * {@link Quiver} with Lucene BM25 and MiniLM (document vectors embedded once and cached under {@code --cache})
 * and search its questions with {@code SearchRequest.of(text).mode(HYBRID).limit(10)}, texts included;
 * "embedding alone" times the query embedding by itself.
 *
 * <p>Before any timing, each workload runs every query on the most threads at once, released by one gate, and
 * compares each answer with the one-thread answer; vector answers must be identical or the run stops.
 *
 * <p>Run: {@code benchmarks/run-concurrency.sh [-j JDK_HOME]}. Options: {@code --sizes 100000,1000000},
 * {@code --threads 1,2,4,8}, {@code --warmup SECONDS} (default 3), {@code --seconds SECONDS} (measured, default
 * 10), {@code --data DIR} (default /tmp/scale-data), {@code --dataset DIR} (default
 * ../shared/eval/debian-known-item-dev; hybrid is skipped when it is absent), {@code --docs N|all},
 * {@code --cache DIR} (default benchmarks/target/concurrency), {@code --workloads vector,hybrid},
 * {@code --out-dir DIR} (default benchmarks/results: concurrency-jdkN.md and .csv).
 */
public final class ConcurrencyRunner {
  static final int K = 10;
  static final int QUERY_COUNT = 64;
  static final String EXACT = "exact vector top 10";
  static final String HYBRID_EMBEDDED = "hybrid, query embedded in the call";
  static final String HYBRID_VECTOR = "hybrid, query vector given";
  static final String EMBEDDING = "query embedding alone";
  static final List<String> HEADER = List.of("workload", "vectors", "threads", "queries", "seconds", "qps",
      "p50_ms", "p90_ms", "p99_ms", "max_ms", "load1");

  private ConcurrencyRunner() {}

  /** What a run measures and how long each point takes. */
  record Settings(int[] threads, long warmUpNanos, long measureNanos) {
    int mostThreads() {
      return Arrays.stream(threads).max().orElse(1);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = parse(args);
    int[] sizes = ints(o.getOrDefault("--sizes", "100000,1000000"));
    Settings settings = new Settings(ints(o.getOrDefault("--threads", "1,2,4,8")),
        seconds(o.getOrDefault("--warmup", "3")), seconds(o.getOrDefault("--seconds", "10")));
    Path data = Path.of(o.getOrDefault("--data", "/tmp/scale-data"));
    Path dataset = Path.of(o.getOrDefault("--dataset", "../shared/eval/debian-known-item-dev"));
    String docsOption = o.getOrDefault("--docs", "all");
    int docs = docsOption.equals("all") ? Integer.MAX_VALUE : Integer.parseInt(docsOption);
    // run from the repository (as the script does), results and the commit are this checkout's, wherever the jar is
    Path target = Files.isDirectory(Path.of("benchmarks", "src")) ? Path.of("benchmarks", "target").toAbsolutePath()
        : PeerRunner.targetDirectory();
    Path cache = Path.of(o.getOrDefault("--cache", target.resolve("concurrency").toString()));
    List<String> workloads = List.of(o.getOrDefault("--workloads", "vector,hybrid").split(","));
    Path outDir = Path.of(o.getOrDefault("--out-dir", target.getParent().resolve("results").toString()));

    Map<String, String> metadata = metadata(target);
    List<ClosedLoop.Point> points = new ArrayList<>();
    List<Double> loads = new ArrayList<>();
    Map<String, String> agreement = new LinkedHashMap<>();
    if (workloads.contains("vector")) {
      Files.createDirectories(data);
      for (int n : sizes) {
        vector(data, n, settings, points, loads, agreement);
      }
    }
    String hybridNote;
    if (!workloads.contains("hybrid")) {
      hybridNote = "not chosen (--workloads)";
    } else if (!Files.isRegularFile(dataset.resolve("corpus.jsonl"))) {
      hybridNote = "skipped: no " + dataset.resolve("corpus.jsonl");
      log("hybrid %s", hybridNote);
    } else {
      Files.createDirectories(cache);
      hybridNote = hybrid(dataset, docs, cache, settings, points, loads, agreement);
    }
    metadata.put("load", "1-minute load average " + LoadAverage.now() + " at the end (1, 5, 15 min)");

    int jdk = Runtime.version().feature();
    Files.createDirectories(outDir);
    ResultCsv csv = csv(metadata, points, loads);
    csv.write(outDir.resolve("concurrency-jdk" + jdk + ".csv"));
    String md = markdown(metadata, points, loads, agreement, settings, hybridNote);
    Files.writeString(outDir.resolve("concurrency-jdk" + jdk + ".md"), md, StandardCharsets.UTF_8);
    System.out.print(md);
  }

  private static void vector(Path data, int n, Settings settings, List<ClosedLoop.Point> points, List<Double> loads,
      Map<String, String> agreement) {
    Path file = data.resolve("store-plain-" + n + ".db");
    if (!Files.exists(file)) {
      log("generating %s", file);
      log("generated at %.0f vectors/s", ScaleRunner.backfill(file, n, "plain"));
    }
    long started = System.nanoTime();
    try (VectorStore store = VectorStore.open(file, StoreOptions.of(ScaleRunner.DIMENSIONS, Metric.COSINE))) {
      log("opened %,d vectors in %.1f s", store.count(), (System.nanoTime() - started) / 1e9);
      float[][] queries = PeerRunner.unitVectors(QUERY_COUNT, PeerRunner.QUERY_SEED);
      IntFunction<List<String>> answer = q -> ids(store.search(queries[q], K, Filter.all()));
      check(EXACT, n, settings, answer, queries.length, agreement, true);
      measure(EXACT, n, settings, points, loads,
          (thread, sequence) -> store.search(queries[ClosedLoop.queryIndex(thread, sequence, queries.length)], K,
              Filter.all()).size());
    }
  }

  private static String hybrid(Path dataset, int docs, Path cache, Settings settings, List<ClosedLoop.Point> points,
      List<Double> loads, Map<String, String> agreement) throws IOException {
    List<Item> items = new ArrayList<>();
    try (JsonlItemReader reader = JsonlItemReader.open(dataset.resolve("corpus.jsonl"))) {
      while (reader.hasNext() && items.size() < docs) {
        items.add(reader.next());
      }
    }
    List<String> questions = Queries.read(dataset.resolve("queries.jsonl")).stream().map(Queries.Query::text)
        .toList();
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    VectorCache vectorCache = new VectorCache(cache.resolve("minilm-documents.bin"), MiniLmEmbedder.DIMENSIONS);
    List<float[]> documentVectors = vectorCache.vectors(
        items.stream().map(i -> i.text() == null ? "" : i.text()).toList(), embedder::embedDocuments);
    List<float[]> questionVectors = embedder.embedQueries(questions);
    Path dir = Files.createTempDirectory(cache, "hybrid");
    QuiverOptions options = QuiverOptions.builder().embedder(embedder).keywordIndex(LuceneKeywordIndex.factory())
        .build();
    try (Quiver quiver = Quiver.open(dir.resolve("hybrid.quiver"), options)) {
      for (int from = 0; from < items.size(); from += 1_000) {
        int to = Math.min(items.size(), from + 1_000);
        quiver.index(items.subList(from, to), documentVectors.subList(from, to));
      }
      int n = quiver.count();
      log("hybrid store: %,d items from %s, %d questions", n, dataset.getFileName(), questions.size());
      IntFunction<List<String>> given = q -> ids(hybrid(quiver,
          SearchRequest.of(questions.get(q)).queryVector(questionVectors.get(q))));
      IntFunction<List<String>> embedded = q -> ids(hybrid(quiver, SearchRequest.of(questions.get(q))));
      check(HYBRID_VECTOR, n, settings, given, questions.size(), agreement, true);
      check(HYBRID_EMBEDDED, n, settings, embedded, questions.size(), agreement, false);
      measure(HYBRID_EMBEDDED, n, settings, points, loads, (thread, sequence) -> hybrid(quiver,
          SearchRequest.of(questions.get(ClosedLoop.queryIndex(thread, sequence, questions.size())))).size());
      measure(HYBRID_VECTOR, n, settings, points, loads, (thread, sequence) -> {
        int q = ClosedLoop.queryIndex(thread, sequence, questions.size());
        return hybrid(quiver, SearchRequest.of(questions.get(q)).queryVector(questionVectors.get(q))).size();
      });
      measure(EMBEDDING, n, settings, points, loads, (thread, sequence) -> embedder.embedQueries(
          List.of(questions.get(ClosedLoop.queryIndex(thread, sequence, questions.size())))).get(0).length);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    return String.format(Locale.ROOT, "%,d documents of %s (BEIR), %,d of its questions in rotation; MiniLM %s "
        + "(%d dimensions, cosine) with Lucene BM25, the facade's default fusion and candidate window",
        items.size(), dataset.getFileName(), questions.size(), MiniLmEmbedder.MODEL_ID, MiniLmEmbedder.DIMENSIONS);
  }

  /** A hybrid top 10 with texts, refused if either side did not answer. */
  private static List<Hit> hybrid(Quiver quiver, SearchRequest request) {
    SearchResult result = quiver.search(request.mode(SearchMode.HYBRID).limit(K));
    if (!result.degradations().isEmpty()) {
      throw new IllegalStateException("a hybrid search degraded: " + result.degradations());
    }
    return result.hits();
  }

  private static List<String> ids(List<?> hits) {
    List<String> ids = new ArrayList<>(hits.size());
    for (Object h : hits) {
      ids.add(h instanceof VectorHit v ? v.id() : ((Hit) h).id());
    }
    return ids;
  }

  /** Every query on the most threads at once against the one-thread answers; stops the run if {@code strict}. */
  private static void check(String workload, long size, Settings settings, IntFunction<List<String>> answer,
      int queries, Map<String, String> agreement, boolean strict) {
    List<List<String>> reference = new ArrayList<>(queries);
    for (int q = 0; q < queries; q++) {
      reference.add(answer.apply(q));
    }
    int threads = settings.mostThreads();
    int differing = ClosedLoop.disagreements(threads, reference, answer);
    String verdict = String.format(Locale.ROOT, "%d threads × %d queries at once: %s", threads, queries,
        differing == 0 ? "every answer identical to the one-thread answer"
            : differing + " answers differ from the one-thread answer");
    agreement.put(String.format(Locale.ROOT, "%s, %,d", workload, size), verdict);
    log("%s at %,d: %s", workload, size, verdict);
    if (strict && differing > 0) {
      throw new IllegalStateException(workload + " at " + size + ": " + verdict);
    }
  }

  private static void measure(String workload, long size, Settings settings, List<ClosedLoop.Point> points,
      List<Double> loads, ClosedLoop.Query query) {
    for (int threads : settings.threads()) {
      ClosedLoop.Point p = ClosedLoop.run(workload, size, threads, settings.warmUpNanos(), settings.measureNanos(),
          0, query);
      points.add(p);
      loads.add(loadOne());
      log("%s at %,d, %d threads: %,.1f queries/s, p50 %.2f ms, p99 %.2f ms (%,d queries, load %.2f)", workload,
          size, threads, p.queriesPerSecond(), p.percentileMillis(50), p.percentileMillis(99), p.queries(),
          loads.get(loads.size() - 1));
    }
  }

  static ResultCsv csv(Map<String, String> metadata, List<ClosedLoop.Point> points, List<Double> loads) {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      ClosedLoop.Point p = points.get(i);
      rows.add(List.of(p.workload(), Long.toString(p.size()), Integer.toString(p.threads()),
          Long.toString(p.queries()), f("%.3f", p.seconds()), f("%.2f", p.queriesPerSecond()),
          f("%.3f", p.percentileMillis(50)), f("%.3f", p.percentileMillis(90)), f("%.3f", p.percentileMillis(99)),
          f("%.3f", p.maxMillis()), f("%.2f", loads.get(i))));
    }
    return new ResultCsv(metadata, HEADER, rows);
  }

  static String markdown(Map<String, String> metadata, List<ClosedLoop.Point> points, List<Double> loads,
      Map<String, String> agreement, Settings settings, String hybridNote) {
    StringBuilder s = new StringBuilder();
    s.append("## Throughput under concurrency, closed loop (JDK ").append(Runtime.version().feature())
        .append(")\n\n")
        .append("| workload | items | client threads | queries/s | p50 | p90 | p99 | max | queries | load (1 min) |\n")
        .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (int i = 0; i < points.size(); i++) {
      ClosedLoop.Point p = points.get(i);
      s.append(String.format(Locale.ROOT, "| %s | %,d | %d | %,.1f | %s | %s | %s | %s | %,d | %.2f |%n",
          p.workload(), p.size(), p.threads(), p.queriesPerSecond(), ms(p.percentileMillis(50)),
          ms(p.percentileMillis(90)), ms(p.percentileMillis(99)), ms(p.maxMillis()), p.queries(), loads.get(i)));
    }
    s.append("\n- JDK: ").append(metadata.get("jdk")).append("\n- CPU: ").append(metadata.get("cpu"))
        .append("\n- JVM args: `").append(metadata.get("flags")).append("`; kernels: ")
        .append(metadata.get("kernels")).append("\n- Quiver: ").append(metadata.get("commit"))
        .append("\n- Load: ").append(metadata.get("load")).append("; the last column is the 1-minute load average "
            + "read after each point. Other sessions' builds and tests share the 2 cores, so throughput above 2 "
            + "threads is the machine's share, not the store's ceiling.\n")
        .append(String.format(Locale.ROOT, "- Method: closed loop (each client sends its next query when the last "
            + "returns), fresh platform threads per point; %.0f s warm-up, then all clients meet at a gate and "
            + "measure %.0f s together. queries/s = measured queries ÷ (gate to last answer); latencies are every "
            + "measured query's, recorded per thread in HdrHistogram (3 significant digits) and merged.%n",
            settings.warmUpNanos() / 1e9, settings.measureNanos() / 1e9))
        .append("- Exact vector: `VectorStore.search(query, 10, Filter.all())` at its defaults (a scan of 131,072 "
            + "vectors or more is split across all cores, so one client already uses both) on ScaleRunner's store "
            + "files: seeded Gaussian unit vectors (seed 42), 384 dimensions, cosine, plain items; ")
        .append(QUERY_COUNT).append(" queries from seed 4242 in rotation, each client starting elsewhere.\n")
        .append("- Hybrid: ").append(hybridNote).append(". \"Query embedded\" is `quiver.search(SearchRequest.of"
            + "(question).mode(HYBRID).limit(10))`, MiniLM embedding the question inside the call; \"vector given\" "
            + "adds `.queryVector(v)` with the question embedded beforehand; \"embedding alone\" is "
            + "`embedder.embedQueries(List.of(question))`. Texts are returned.\n")
        .append("- Answers under load:\n");
    agreement.forEach((k, v) -> s.append("  - ").append(k).append(": ").append(v).append('\n'));
    return s.toString();
  }

  private static String ms(double millis) {
    return millis < 1 ? f("%.3f ms", millis) : millis < 10 ? f("%.2f ms", millis) : f("%.1f ms", millis);
  }

  private static String f(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }

  /** What the charts' footnotes print: JDK, CPU, flags, kernels and commit. */
  static Map<String, String> metadata(Path target) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    m.put("cpu", ScaleRunner.PeerRunnerCpu.name() + ", " + Runtime.getRuntime().availableProcessors()
        + " logical CPUs, shared");
    m.put("flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    m.put("kernels", VectorKernels.description());
    m.put("commit", PeerRunner.commit(target));
    return m;
  }

  private static double loadOne() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }


  private static int[] ints(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  private static long seconds(String value) {
    return (long) (Double.parseDouble(value) * TimeUnit.SECONDS.toNanos(1));
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> known = List.of("--sizes", "--threads", "--warmup", "--seconds", "--data", "--dataset", "--docs",
        "--cache", "--workloads", "--out-dir");
    for (int i = 0; i < args.length; i++) {
      if (!known.contains(args[i]) || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --option value pairs, options " + known + "; found '"
            + args[i] + "'");
      }
      options.put(args[i], args[++i]);
    }
    return options;
  }

  private static void log(String format, Object... args) {
    System.err.println("ConcurrencyRunner: " + String.format(Locale.ROOT, format, args));
  }
}
