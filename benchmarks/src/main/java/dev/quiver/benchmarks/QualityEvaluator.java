package dev.quiver.benchmarks;

import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.embed.e5.E5SmallEmbedder;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.spi.Embedder;
import dev.quiver.datasets.PairedBootstrap;
import dev.quiver.datasets.RetrievalMetrics;
import dev.quiver.datasets.JsonlItemReader;
import dev.quiver.datasets.Qrels;
import dev.quiver.datasets.Queries;
import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import dev.quiver.keyword.KeywordAnalyzer;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.keyword.LuceneKeywordOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retrieval quality on a BEIR-layout dataset: MRR@10, nDCG@10, Recall@10 and Recall@100 for the keyword
 * side, the vector side and each fusion. Each side's candidate window (100) is fetched once per query and
 * every fusion is computed from the same windows, so the rows differ only in how they fuse.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   dev.quiver.benchmarks.QualityEvaluator ../shared/eval/debian-known-item-dev benchmarks/target/eval/debian.quiver
 * </pre>
 *
 * <p>After the table, a paired bootstrap over queries ({@link PairedBootstrap}) gives each fusion's MRR@10
 * against both single sides, with 95% intervals. A third argument names a per-query file: if it exists, the
 * runs are compared with the runs of the same name in it (an earlier setting; the vector rows of two models
 * count as the same run); else this run's per-query reciprocal ranks are written there. {@code -Dquiver.eval.bm25=K1,B} ranks the keyword side with other BM25
 * parameters (they act at query time, so the same store serves both); {@code -Dquiver.eval.analyzer=NAME} (a
 * {@link KeywordAnalyzer} id, default {@code english}) analyzes it otherwise, which rebuilds the store's keyword
 * index from its vector file on open. {@code -Dquiver.eval.model=e5-small} embeds with e5-small-v2
 * instead of MiniLM (use another store path: a store keeps its model).
 */
public final class QualityEvaluator {
  static final int WINDOW = 100;
  static final boolean E5 = "e5-small".equals(System.getProperty("quiver.eval.model", "minilm"));
  static final String VECTOR = E5 ? "vector (e5-small)" : "vector (MiniLM)";

  private QualityEvaluator() {}

  /** The fusions compared; the first rows are the two single sides. */
  static Map<String, Fusion> fusions() {
    Map<String, Fusion> f = new LinkedHashMap<>();
    f.put("rrf k=60", Fusion.rrf(60));
    f.put("rrf k=10", Fusion.rrf(10));
    for (double w : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
      f.put(String.format(Locale.ROOT, "z-score w=%.1f", w), Fusion.zScore(w));
    }
    for (double w : new double[] {0.3, 0.5, 0.7}) {
      f.put(String.format(Locale.ROOT, "min-max w=%.1f", w), Fusion.minMax(w));
    }
    return f;
  }

  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args.length > 0 ? args[0] : "../shared/eval/debian-known-item-dev");
    Path store = Path.of(args.length > 1 ? args[1] : "benchmarks/target/eval/dataset.quiver");
    Files.createDirectories(store.toAbsolutePath().getParent());
    Path perQueryFile = args.length > 2 ? Path.of(args[2]) : null;
    String bm25 = System.getProperty("quiver.eval.bm25");
    float k1 = LuceneKeywordIndex.BM25_K1;
    float b = LuceneKeywordIndex.BM25_B;
    if (bm25 != null) {
      String[] kb = bm25.split(",", 2);
      k1 = Float.parseFloat(kb[0]);
      b = Float.parseFloat(kb[1]);
    }
    // another analyzer than the store's index records rebuilds that index from the vector file, unembedded
    KeywordAnalyzer analyzer = KeywordAnalyzer.named(System.getProperty("quiver.eval.analyzer", "english"));
    QuiverOptions options = QuiverOptions.builder().embedder(embedder())
        .keywordIndex(LuceneKeywordIndex.factory(LuceneKeywordOptions.builder().analyzer(analyzer).bm25(k1, b)
            .build())).candidateWindow(WINDOW).build();
    try (Quiver quiver = Quiver.open(store, options)) {
      indexCorpus(quiver, dataset.resolve("corpus.jsonl"));
      List<Queries.Query> queries = Queries.read(dataset.resolve("queries.jsonl"));
      Map<String, Map<String, Integer>> qrels = Qrels.read(dataset.resolve("qrels/test.tsv"));
      Map<String, RetrievalMetrics.Mean> rows = new LinkedHashMap<>();
      Map<String, List<Double>> reciprocal = new LinkedHashMap<>();
      rows.put("keyword (BM25)", new RetrievalMetrics.Mean());
      rows.put(VECTOR, new RetrievalMetrics.Mean());
      Map<String, Fusion> fusions = fusions();
      fusions.keySet().forEach(name -> rows.put(name, new RetrievalMetrics.Mean()));
      for (Queries.Query q : queries) {
        Map<String, Integer> judged = qrels.getOrDefault(q.id(), Map.of());
        List<Candidate> vector = window(quiver, q.text(), SearchMode.VECTOR);
        List<Candidate> keyword = window(quiver, q.text(), SearchMode.KEYWORD);
        if (!RetrievalMetrics.hasRelevant(judged)) {
          continue;
        }
        Map<String, List<String>> ranked = new LinkedHashMap<>();
        ranked.put("keyword (BM25)", ids(keyword));
        ranked.put(VECTOR, ids(vector));
        for (Map.Entry<String, Fusion> f : fusions.entrySet()) {
          ranked.put(f.getKey(), Fuser.fuse(vector, keyword, f.getValue(), WINDOW, WINDOW).stream().map(Fused::id).toList());
        }
        ranked.forEach((name, list) -> {
          rows.get(name).add(list, judged);
          reciprocal.computeIfAbsent(name, n -> new ArrayList<>()).add(RetrievalMetrics.reciprocalRank(list, judged, 10));
        });
      }
      System.out.printf(Locale.ROOT, "%d queries, %d documents, dataset %s, window %d per side, BM25 k1=%s b=%s, "
          + "analyzer %s%n%n", rows.get("keyword (BM25)").queries(), quiver.count(), dataset.getFileName(), WINDOW, k1, b,
          analyzer.id());
      System.out.println("| run | MRR@10 | nDCG@10 | Recall@10 | Recall@100 |");
      System.out.println("|---|--:|--:|--:|--:|");
      rows.forEach((name, m) -> System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n", name,
          m.mrr10(), m.ndcg10(), m.recall10(), m.recall100()));
      printBootstrap(reciprocal, perQueryFile);
    }
  }

  private static Embedder embedder() {
    return E5 ? new E5SmallEmbedder() : new MiniLmEmbedder();
  }

  /** A run's name for comparing across files: the vector row of one model is compared with another's. */
  private static String sameRole(String run) {
    return run.startsWith("vector (") ? "vector" : run;
  }

  /** Each fusion's MRR@10 against both sides, and every run against the same run in {@code perQueryFile}. */
  private static void printBootstrap(Map<String, List<Double>> reciprocal, Path perQueryFile) throws java.io.IOException {
    double[] keyword = array(reciprocal.get("keyword (BM25)"));
    double[] vector = array(reciprocal.get(VECTOR));
    System.out.printf(Locale.ROOT, "%nMRR@10 differences, paired bootstrap over queries (%d resamples, 95%%)%n%n",
        PairedBootstrap.RESAMPLES);
    System.out.println("| run | - keyword | 95% interval | - vector | 95% interval |");
    System.out.println("|---|--:|--:|--:|--:|");
    for (Map.Entry<String, List<Double>> e : reciprocal.entrySet()) {
      if (e.getKey().equals("keyword (BM25)") || e.getKey().equals(VECTOR)) {
        continue;
      }
      double[] run = array(e.getValue());
      PairedBootstrap.Interval k = PairedBootstrap.interval(keyword, run);
      PairedBootstrap.Interval v = PairedBootstrap.interval(vector, run);
      System.out.printf(Locale.ROOT, "| %s | %+.4f | %+.4f to %+.4f | %+.4f | %+.4f to %+.4f |%n", e.getKey(),
          k.mean(), k.lower(), k.upper(), v.mean(), v.lower(), v.upper());
    }
    if (perQueryFile == null) {
      return;
    }
    if (!Files.exists(perQueryFile)) {
      List<String> lines = new ArrayList<>();
      reciprocal.forEach((name, list) -> lines.add(name + "\t" + String.join("\t",
          list.stream().map(d -> Double.toString(d)).toList())));
      Files.write(perQueryFile, lines);
      System.out.printf(Locale.ROOT, "%nper-query reciprocal ranks written to %s%n", perQueryFile);
      return;
    }
    Map<String, double[]> earlier = new LinkedHashMap<>();
    for (String line : Files.readAllLines(perQueryFile)) {
      String[] f = line.split("\t");
      double[] values = new double[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        values[i - 1] = Double.parseDouble(f[i]);
      }
      earlier.put(sameRole(f[0]), values);
    }
    System.out.printf(Locale.ROOT, "%nMRR@10 against the same run in %s%n%n", perQueryFile);
    System.out.println("| run | before | now | difference | 95% interval |");
    System.out.println("|---|--:|--:|--:|--:|");
    for (Map.Entry<String, List<Double>> e : reciprocal.entrySet()) {
      double[] before = earlier.get(sameRole(e.getKey()));
      if (before == null) {
        continue;
      }
      double[] now = array(e.getValue());
      PairedBootstrap.Interval i = PairedBootstrap.interval(before, now);
      System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %+.4f | %+.4f to %+.4f |%n", e.getKey(),
          Arrays.stream(before).average().orElse(0), Arrays.stream(now).average().orElse(0), i.mean(), i.lower(),
          i.upper());
    }
  }

  private static double[] array(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static void indexCorpus(Quiver quiver, Path corpus) {
    try (JsonlItemReader reader = JsonlItemReader.open(corpus)) {
      long expected = reader.expectedCount();
      if (expected > 0 && quiver.count() == expected) {
        return; // indexed by an earlier run
      }
      List<Item> batch = new ArrayList<>();
      long done = 0;
      long started = System.nanoTime();
      while (reader.hasNext()) {
        batch.add(reader.next());
        if (batch.size() == 256 || !reader.hasNext()) {
          quiver.index(batch);
          done += batch.size();
          batch.clear();
          System.err.printf(Locale.ROOT, "indexed %d/%d (%.0f/s)%n", done, expected,
              done / ((System.nanoTime() - started) / 1e9));
        }
      }
    }
  }

  static List<Candidate> window(Quiver quiver, String text, SearchMode mode) {
    List<Candidate> out = new ArrayList<>();
    for (Hit h : quiver.search(SearchRequest.of(text).mode(mode).limit(WINDOW).includeText(false)).hits()) {
      out.add(new Candidate(h.id(), (float) h.score()));
    }
    return out;
  }

  static List<String> ids(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::id).toList();
  }
}
