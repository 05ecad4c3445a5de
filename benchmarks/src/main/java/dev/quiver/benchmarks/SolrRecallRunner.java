package dev.quiver.benchmarks;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.RetrievalStore;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.datasets.JsonlItemReader;
import dev.quiver.datasets.Queries;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.solr.SolrQuiver;
import dev.quiver.solr.SolrQuiverCollections;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * Solr's HNSW recall@10 against Quiver's exact scan, on a BEIR dataset's first N documents with real MiniLM
 * vectors, and the latency of each vector mode, all in one run.
 *
 * <p>The documents and every query are embedded once ({@link MiniLmEmbedder}) and cached under {@code --cache}
 * (a re-run reads the file and loads no model). The same items and vectors go into an embedded {@link Quiver}
 * and into a 2-shard × 2-replica collection on a two-node {@link MiniSolrCloudCluster} (embedded ZooKeeper,
 * two Jetty nodes in this JVM). Each item gets two attributes, {@code tenth = i % 10} and {@code hundredth =
 * i % 100}, so {@code tenth == 0} matches 10% of the items and {@code hundredth == 0} 1%.
 *
 * <p>For every query and filter, Quiver's exact VECTOR top 10 is the reference; each Solr mode's top 10 is
 * scored by recall@10 with ties counted as found (a hit whose cosine reaches the reference's 10th within
 * {@value #TIE} is as good as it). Modes: {@code hnsw} ({@link SolrQuiver} as opened: {@code {!knn}} with topK
 * the candidate window, 100 per shard), {@code hnsw topK=10} (candidate window 1, so topK is the limit: what
 * a plain {@code {!knn topK=10}} does) and {@code exact} ({@link SolrQuiver#exactVectors(boolean)}).
 *
 * <p>Latency: the recall pass warms every mode; then {@code --reps} timed passes run every query through every
 * mode, the order of the modes rotating per query so that none always runs first. Medians are over all
 * timed queries, with the 10th–90th percentile range, and ratios are against {@code hnsw} in the same run.
 *
 * <pre>
 * flock /work/bench.lock benchmarks/run-solr-recall.sh --dataset ../shared/eval/debian-known-item-dev --docs 2000
 * </pre>
 *
 * <p>Options: {@code --dataset DIR}, {@code --docs N|all} (default 2,000), {@code --reps N} (default 2),
 * {@code --cache DIR} (default {@code benchmarks/target/solr-recall}), {@code --out FILE}.
 */
public final class SolrRecallRunner {
  static final int K = 10;
  static final double TIE = 1e-6;
  private static final String COLLECTION = "recall";
  private static final int CACHE_MAGIC = 0x51565243; // "QVRC"

  private SolrRecallRunner() {}

  public static void main(String[] args) throws Exception {
    Path dataset = Path.of("../shared/eval/debian-known-item-dev");
    int docs = 2_000;
    int reps = 2;
    Path cache = Path.of("benchmarks/target/solr-recall");
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dataset" -> dataset = Path.of(args[++i]);
        case "--docs" -> docs = args[++i].equals("all") ? Integer.MAX_VALUE : Integer.parseInt(args[i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--cache" -> cache = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; expected --dataset, --docs, --reps, --cache or --out");
      }
    }
    Files.createDirectories(cache);
    List<Item> items = readItems(dataset.resolve("corpus.jsonl"), docs);
    List<Queries.Query> queries = Queries.read(dataset.resolve("queries.jsonl"));
    Embedded vectors = embedded(cache, items, queries);
    System.setProperty("zookeeper.4lw.commands.whitelist", "*");
    System.setProperty("solr.log.dir", cache.resolve("solr-logs").toAbsolutePath().toString());

    QuiverOptions options = QuiverOptions.builder().dimensions(MiniLmEmbedder.DIMENSIONS)
        .modelId(MiniLmEmbedder.MODEL_ID).build();
    Path runDir = Files.createTempDirectory(cache, "run");
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(2, runDir.resolve("cluster")).build();
    QuiverOptions embeddedOptions = QuiverOptions.builder().dimensions(MiniLmEmbedder.DIMENSIONS)
        .modelId(MiniLmEmbedder.MODEL_ID).keywordIndex(LuceneKeywordIndex.factory()).build();
    try (Quiver quiver = Quiver.open(runDir.resolve("exact.quiver"), embeddedOptions)) {
      SolrQuiverCollections.uploadConfigset(cluster.getSolrClient(), SolrQuiverCollections.CONFIGSET);
      SolrQuiverCollections.create(cluster.getSolrClient(), COLLECTION, SolrQuiverCollections.CONFIGSET, 2, 2,
          MiniLmEmbedder.DIMENSIONS);
      cluster.waitForActiveCollection(COLLECTION, 2, 4);
      SolrQuiver hnsw = SolrQuiver.open(cluster.getSolrClient(), COLLECTION, options);
      SolrQuiver hnswTopK10 = SolrQuiver.open(cluster.getSolrClient(), COLLECTION,
          QuiverOptions.builder().dimensions(MiniLmEmbedder.DIMENSIONS).modelId(MiniLmEmbedder.MODEL_ID)
              .candidateWindow(1).build());
      SolrQuiver exact = hnsw.exactVectors(true);
      quiver.index(items, vectors.documents);
      long started = System.nanoTime();
      for (int from = 0; from < items.size(); from += 500) {
        int to = Math.min(items.size(), from + 500);
        hnsw.index(items.subList(from, to), vectors.documents.subList(from, to));
      }
      double indexSeconds = (System.nanoTime() - started) / 1e9;
      if (hnsw.count() != items.size() || quiver.count() != items.size()) {
        throw new IllegalStateException("expected " + items.size() + " items on both sides; found " + hnsw.count()
            + " on Solr and " + quiver.count() + " embedded");
      }
      Map<String, RetrievalStore> modes = new LinkedHashMap<>();
      modes.put("quiver exact (embedded)", quiver);
      modes.put("solr hnsw", hnsw);
      modes.put("solr hnsw topK=10", hnswTopK10);
      modes.put("solr exact", exact);
      Map<String, Filter> filters = new LinkedHashMap<>();
      filters.put("none", Filter.all());
      filters.put("10% (tenth = 0)", Filter.eq("tenth", 0L));
      filters.put("1% (hundredth = 0)", Filter.eq("hundredth", 0L));

      StringBuilder md = new StringBuilder();
      md.append(String.format(Locale.ROOT, "%,d documents (the first of %s), %d queries, MiniLM (%s, %d dims, "
          + "cosine); Solr 2 shards × 2 replicas on a 2-node MiniSolrCloudCluster in one JVM; indexed into Solr "
          + "in %.1f s (%,.0f items/s, batches of 500, soft commit each)%n%n", items.size(), dataset.getFileName(),
          queries.size(), MiniLmEmbedder.MODEL_ID, MiniLmEmbedder.DIMENSIONS, indexSeconds,
          items.size() / indexSeconds));
      md.append("### Recall@10 against Quiver's exact top 10 (ties counted as found)\n\n")
          .append("| filter | matching items | mode | mean recall@10 | queries < 1.0 | min recall | mean hits |\n")
          .append("|---|--:|---|--:|--:|--:|--:|\n");
      for (Map.Entry<String, Filter> f : filters.entrySet()) {
        List<List<Hit>> reference = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
          reference.add(search(quiver, vectors.queries.get(q), f.getValue()));
        }
        int matching = (int) items.stream().filter(f.getValue()::test).count();
        for (Map.Entry<String, RetrievalStore> m : modes.entrySet()) {
          if (m.getValue() == quiver) {
            continue;
          }
          double sum = 0;
          double min = 1;
          int below = 0;
          long hits = 0;
          for (int q = 0; q < queries.size(); q++) {
            List<Hit> actual = search(m.getValue(), vectors.queries.get(q), f.getValue());
            double r = recall(actual, reference.get(q));
            sum += r;
            min = Math.min(min, r);
            below += r < 1 ? 1 : 0;
            hits += actual.size();
          }
          md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.4f | %d of %d | %.1f | %.1f |%n", f.getKey(),
              matching, m.getKey(), sum / queries.size(), below, queries.size(), min,
              (double) hits / queries.size()));
        }
      }

      md.append("\n### Query latency, VECTOR top 10 (ms per query; ").append(reps).append(" timed passes of ")
          .append(queries.size()).append(" queries after a warm pass)\n\n");
      for (Map.Entry<String, Filter> f : filters.entrySet()) {
        latency(md, f.getKey().equals("none"), f.getKey(), modes, reps, queries.size(),
            (store, q) -> search(store, vectors.queries.get(q), f.getValue()));
      }
      Map<String, RetrievalStore> hybridModes = new LinkedHashMap<>();
      hybridModes.put("quiver (embedded, Lucene BM25)", quiver);
      hybridModes.put("solr hnsw", hnsw);
      hybridModes.put("solr exact", exact);
      for (Map.Entry<String, RetrievalStore> m : hybridModes.entrySet()) { // warm pass
        for (int q = 0; q < queries.size(); q++) {
          hybrid(m.getValue(), queries.get(q).text(), vectors.queries.get(q));
        }
      }
      md.append("\n### Query latency, HYBRID top 10, no filter (ms per query; kNN and BM25 for a window of 100 "
          + "each, fused by Quiver; the question's vector given, so no embedding is timed; ").append(reps)
          .append(" timed passes of ").append(queries.size()).append(" queries after a warm pass)\n\n");
      latency(md, true, "none", hybridModes, reps, queries.size(),
          (store, q) -> hybrid(store, queries.get(q).text(), vectors.queries.get(q)));
      md.append("\n- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
          .append(System.getProperty("java.runtime.version")).append("; ")
          .append(Runtime.getRuntime().availableProcessors()).append(" logical CPUs, shared with other sessions' "
              + "builds and tests (load average at the end: ").append(LoadAverage.now()).append(")\n")
          .append("- Solr latency includes SolrJ's HTTP round trip to a node and the node's fan-out to both "
              + "shards; Quiver's is an in-process call. The cluster, the client and Quiver share the JVM and the "
              + "cores.\n");
      hnsw.close();
      hnswTopK10.close();
      CollectionAdminRequest.deleteCollection(COLLECTION).process(cluster.getSolrClient());
      System.out.print(md);
      if (out != null) {
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
      }
    } finally {
      cluster.shutdown();
    }
  }

  /**
   * Appends latency rows, under a table header if {@code header}: {@code reps} passes over the queries, each
   * query run through every mode in an order rotated by query so that no mode always runs first; ratios are to
   * the mode named "solr hnsw".
   */
  private static void latency(StringBuilder md, boolean header, String filter, Map<String, RetrievalStore> modes,
      int reps, int queries, BiConsumer<RetrievalStore, Integer> search) {
    if (header) {
      md.append("| filter | mode | median | p10–p90 | per-pass medians | median / solr hnsw |\n")
          .append("|---|---|--:|--:|--:|--:|\n");
    }
    List<String> names = new ArrayList<>(modes.keySet());
    Map<String, List<Double>> all = new LinkedHashMap<>();
    Map<String, double[]> passMedians = new LinkedHashMap<>();
    names.forEach(n -> {
      all.put(n, new ArrayList<>());
      passMedians.put(n, new double[0]);
    });
    for (int rep = 0; rep < reps; rep++) {
      Map<String, List<Double>> pass = new LinkedHashMap<>();
      names.forEach(n -> pass.put(n, new ArrayList<>()));
      for (int q = 0; q < queries; q++) {
        for (int j = 0; j < names.size(); j++) {
          String name = names.get((q + j) % names.size());
          long t0 = System.nanoTime();
          search.accept(modes.get(name), q);
          pass.get(name).add((System.nanoTime() - t0) / 1e6);
        }
      }
      for (String n : names) {
        all.get(n).addAll(pass.get(n));
        double[] pm = Arrays.copyOf(passMedians.get(n), rep + 1);
        pm[rep] = percentile(pass.get(n), 0.5);
        passMedians.put(n, pm);
      }
    }
    double baseline = percentile(all.get("solr hnsw"), 0.5);
    for (String n : names) {
      double median = percentile(all.get(n), 0.5);
      md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f–%.2f | %s | %.2f× |%n", filter, n,
          median, percentile(all.get(n), 0.1), percentile(all.get(n), 0.9),
          String.join(", ", Arrays.stream(passMedians.get(n)).mapToObj(d -> String.format(Locale.ROOT, "%.2f", d))
              .toList()), median / baseline));
    }
  }

  private static List<Hit> hybrid(RetrievalStore store, String text, float[] vector) {
    SearchResult result = store.search(SearchRequest.of(text).queryVector(vector).mode(SearchMode.HYBRID).limit(K)
        .includeText(false));
    if (!result.degradations().isEmpty()) {
      throw new IllegalStateException("a hybrid search degraded: " + result.degradations());
    }
    return result.hits();
  }

  private static List<Hit> search(RetrievalStore store, float[] query, Filter filter) {
    SearchResult result = store.search(SearchRequest.of(query).mode(SearchMode.VECTOR).limit(K).filter(filter)
        .includeText(false));
    if (!result.degradations().isEmpty()) {
      throw new IllegalStateException("a vector search degraded: " + result.degradations());
    }
    return result.hits();
  }

  /** Found reference hits over the reference's size; a hit tied with the reference's last counts as found. */
  static double recall(List<Hit> actual, List<Hit> reference) {
    if (reference.isEmpty()) {
      return 1;
    }
    Set<String> ids = new HashSet<>();
    reference.forEach(h -> ids.add(h.id()));
    double last = reference.get(reference.size() - 1).explanation().vectorScore();
    int found = 0;
    for (Hit h : actual) {
      if (ids.contains(h.id()) || h.explanation().vectorScore() >= last - TIE) {
        found++;
      }
    }
    return Math.min(1.0, (double) found / reference.size());
  }

  static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }


  /** The first {@code limit} documents, each with the two filter attributes of the class note. */
  private static List<Item> readItems(Path corpus, int limit) {
    List<Item> items = new ArrayList<>();
    try (JsonlItemReader reader = JsonlItemReader.open(corpus)) {
      while (reader.hasNext() && items.size() < limit) {
        Item item = reader.next();
        Map<String, Object> attributes = new LinkedHashMap<>(item.attributes());
        attributes.put("tenth", (long) (items.size() % 10));
        attributes.put("hundredth", (long) (items.size() % 100));
        items.add(new Item(item.id(), item.text(), attributes, item.timestamp()));
      }
    }
    return items;
  }

  private record Embedded(List<float[]> documents, List<float[]> queries) {}

  /** The vectors of the items' texts and of the queries, from the cache file if it holds these exact texts. */
  private static Embedded embedded(Path cache, List<Item> items, List<Queries.Query> queries) throws IOException {
    List<String> docTexts = items.stream().map(i -> i.text() == null ? "" : i.text()).toList();
    List<String> queryTexts = queries.stream().map(Queries.Query::text).toList();
    long key = 17;
    for (String s : docTexts) {
      key = key * 31 + s.hashCode();
    }
    for (String s : queryTexts) {
      key = key * 31 + s.hashCode();
    }
    Path file = cache.resolve(String.format(Locale.ROOT, "vectors-%s-%d-%d.bin", MiniLmEmbedder.MODEL_ID,
        items.size(), queries.size()));
    if (Files.exists(file)) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        if (in.readInt() == CACHE_MAGIC && in.readLong() == key) {
          System.err.printf(Locale.ROOT, "vectors from %s%n", file);
          return new Embedded(readVectors(in, items.size()), readVectors(in, queries.size()));
        }
      }
      System.err.printf(Locale.ROOT, "%s holds other texts; embedding again%n", file);
    }
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    List<float[]> documents = new ArrayList<>();
    long started = System.nanoTime();
    for (int from = 0; from < docTexts.size(); from += 64) {
      documents.addAll(embedder.embedDocuments(docTexts.subList(from, Math.min(docTexts.size(), from + 64))));
      System.err.printf(Locale.ROOT, "embedded %d/%d documents (%.0f/s)%n", documents.size(), docTexts.size(),
          documents.size() / ((System.nanoTime() - started) / 1e9));
    }
    List<float[]> queryVectors = embedder.embedQueries(queryTexts);
    try (DataOutputStream outStream = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      outStream.writeInt(CACHE_MAGIC);
      outStream.writeLong(key);
      writeVectors(outStream, documents);
      writeVectors(outStream, queryVectors);
    }
    return new Embedded(documents, queryVectors);
  }

  private static List<float[]> readVectors(DataInputStream in, int count) throws IOException {
    List<float[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] v = new float[MiniLmEmbedder.DIMENSIONS];
      for (int d = 0; d < v.length; d++) {
        v[d] = in.readFloat();
      }
      out.add(v);
    }
    return out;
  }

  private static void writeVectors(DataOutputStream out, List<float[]> vectors) throws IOException {
    for (float[] v : vectors) {
      for (float f : v) {
        out.writeFloat(f);
      }
    }
  }
}
